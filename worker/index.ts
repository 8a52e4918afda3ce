import { Router, type IRequest } from 'itty-router'
import { preflightResponse, withCorsFor } from './auth/cors'
import { GatewayError, renderError } from './http/errors'
import type { Env } from './platform/env'
import { handleInference } from './routes/inference'
import { handleHealth } from './routes/health'
import { handleAdmin } from './routes/admin/router'

type Args = [Env, ExecutionContext]

const router = Router<IRequest, Args>()
  .get('/', handleHealth)
  .get('/health', handleHealth)
  .post('/v1/chat/completions', (request, env, ctx) => handleInference('chat', request, env, ctx))
  .post('/v1/completions', (request, env, ctx) => handleInference('completions', request, env, ctx))
  .post('/v1/embeddings', (request, env, ctx) => handleInference('embeddings', request, env, ctx))
  .post('/v1/images/generations', (request, env, ctx) => handleInference('images', request, env, ctx))
  .get('/v1/models', (request, env, ctx) => handleInference('models', request, env, ctx))
  .get('/v1/models/:model', (request, env, ctx) => handleInference('models', request, env, ctx))
  // Portkey's first API, which older guides (and seed 002) still show: bodies are {config, params}.
  .post('/v1/chatComplete', (request, env, ctx) => handleInference('chat', request, env, ctx))
  .post('/v1/complete', (request, env, ctx) => handleInference('completions', request, env, ctx))
  .post('/v1/embed', (request, env, ctx) => handleInference('embeddings', request, env, ctx))
  .options('/v1/*', (request) => preflightResponse(request))
  .all('/admin/*', (request, env) => handleAdmin(request, env))
  .all('*', (request) => {
    throw new GatewayError(404, `Unknown endpoint: ${request.method} ${new URL(request.url).pathname}`, {
      type: 'invalid_request_error',
      code: 'unknown_endpoint',
      retryable: false,
    })
  })

export { BreakerState } from './state/breaker-state'
export { RateLimiter } from './auth/rate-limiter'

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    return withCorsFor(request, await route(request, env, ctx))
  },
}

async function route(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  try {
    return await router.fetch(request, env, ctx)
  } catch (thrown) {
    if (!(thrown instanceof GatewayError)) console.error(JSON.stringify({ error: 'unhandled', name: (thrown as Error)?.name }))
    return renderError(thrown)
  }
}
