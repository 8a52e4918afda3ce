import { Router, type IRequest } from 'itty-router'
import { GatewayError, renderError } from './http/errors'
import type { Env } from './platform/env'
import { handleInference } from './routes/inference'
import { handleHealth } from './routes/health'

type Args = [Env, ExecutionContext]

const router = Router<IRequest, Args>()
  .get('/', handleHealth)
  .get('/health', handleHealth)
  .post('/v1/chat/completions', (request, env) => handleInference('chat', request, env))
  .post('/v1/completions', (request, env) => handleInference('completions', request, env))
  .post('/v1/embeddings', (request, env) => handleInference('embeddings', request, env))
  .post('/v1/images/generations', (request, env) => handleInference('images', request, env))
  .get('/v1/models', (request, env) => handleInference('models', request, env))
  .get('/v1/models/:model', (request, env) => handleInference('models', request, env))
  .all('*', (request) => {
    throw new GatewayError(404, `Unknown endpoint: ${request.method} ${new URL(request.url).pathname}`, {
      type: 'invalid_request_error',
      code: 'unknown_endpoint',
      retryable: false,
    })
  })

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    try {
      return await router.fetch(request, env, ctx)
    } catch (thrown) {
      if (!(thrown instanceof GatewayError)) console.error(JSON.stringify({ error: 'unhandled', name: (thrown as Error)?.name }))
      return renderError(thrown)
    }
  },
}
