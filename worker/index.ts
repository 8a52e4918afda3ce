import { Router } from 'itty-router'
import { GatewayError, renderError } from './http/errors'
import type { Env } from './platform/env'

const router = Router()
router.get('/', () => Response.json({ status: 'ok', service: 'understudy' }))
router.all('*', (request: Request) => {
  throw new GatewayError(404, `Unknown endpoint: ${request.method} ${new URL(request.url).pathname}`, { code: 'unknown_endpoint' })
})

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    try {
      return await router.fetch(request, env, ctx)
    } catch (thrown) {
      return renderError(thrown)
    }
  },
}
