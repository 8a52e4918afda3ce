import { Router } from 'itty-router'
import { GatewayError, renderError } from '../../http/errors'
import type { Env } from '../../platform/env'
import { checkAdminToken } from './admin-auth'
import type { AdminRequest } from './admin-http'
import { deleteConfig, getConfig, listConfigVersions, listConfigs, putConfig } from './configs'
import { deleteIntegration, getIntegration, listIntegrations, putIntegration } from './integrations'
import { createKey, deleteKey, getKey, listKeys, revokeKey, updateKey } from './keys'

const routes = Router<AdminRequest, [Env]>({ base: '/admin' })
  .get('/configs', listConfigs)
  .get('/configs/:id/versions', listConfigVersions)
  .get('/configs/:id', getConfig)
  .put('/configs/:id', putConfig)
  .delete('/configs/:id', deleteConfig)
  .get('/integrations', listIntegrations)
  .get('/integrations/:slug', getIntegration)
  .put('/integrations/:slug', putIntegration)
  .delete('/integrations/:slug', deleteIntegration)
  .post('/keys', createKey)
  .get('/keys', listKeys)
  .get('/keys/:id', getKey)
  .patch('/keys/:id', updateKey)
  .post('/keys/:id/revoke', revokeKey)
  .delete('/keys/:id', deleteKey)

/**
 * Serves `/admin/*`: checks the admin token before anything else (so that an unauthorised caller
 * learns nothing about which routes or resources exist), then dispatches.
 */
export async function handleAdmin(request: Request, env: Env): Promise<Response> {
  try {
    await checkAdminToken(request, env)
    const response: Response | undefined = await routes.fetch(request as AdminRequest, env)
    if (response) return response
    throw new GatewayError(404, `Unknown admin endpoint: ${request.method} ${new URL(request.url).pathname}. The admin API serves /admin/configs, /admin/integrations and /admin/keys.`, {
      code: 'unknown_endpoint',
      retryable: false,
    })
  } catch (thrown) {
    if (!(thrown instanceof GatewayError)) console.error(JSON.stringify({ error: 'unhandled', route: 'admin', name: (thrown as Error)?.name }))
    return renderError(thrown)
  }
}
