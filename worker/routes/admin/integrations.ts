import type { KVNamespace } from '@cloudflare/workers-types'
import { INTEGRATION_SLUG_PATTERN } from '../../config/ids'
import { type Integration, validateIntegration } from '../../config/integration-schema'
import { describeConfigIssues } from '../../config/validate-config'
import { badRequest } from '../../http/errors'
import type { Env } from '../../platform/env'
import { type AdminRequest, adminStore, auditLog, json, listPage, notFound, pathParam, readAdminBody } from './admin-http'

/**
 * Integrations: `integration:<slug>` holds the integration JSON as written (the form
 * worker/config/load-integration.ts reads). An integration only names Worker Secrets; answers say
 * whether each named secret is set, never its value. Like configs, a change reaches every isolate
 * within 30 s.
 */
const integrationKey = (slug: string) => `integration:${slug}`

/** `GET /admin/integrations`: slugs with provider and whether their secrets are set. */
export async function listIntegrations(request: AdminRequest, env: Env): Promise<Response> {
  const kv = adminStore(env)
  const page = await listPage(kv, 'integration:', request)
  const data = await Promise.all(page.names.map(async (name) => {
    const stored = await readStored(kv, name)
    return { slug: name, provider: stored?.integration?.provider ?? null, ...secretStatus(stored?.integration, env) }
  }))
  return json({ object: 'list', data, cursor: page.cursor })
}

/** `GET /admin/integrations/:slug`: the stored integration with `secret_present`. */
export async function getIntegration(request: AdminRequest, env: Env): Promise<Response> {
  const slug = pathParam(request, 'slug', INTEGRATION_SLUG_PATTERN, 'integration slug', 'a letter or digit, then letters, digits and _ . - (at most 128)')
  const stored = await readStored(adminStore(env), slug)
  if (!stored) throw notFound('Integration', slug)
  return json({ slug, integration: stored.json, ...secretStatus(stored.integration, env), ...(stored.problems ? { problems: stored.problems } : {}) })
}

/** `PUT /admin/integrations/:slug`: validates, then creates or replaces the integration. */
export async function putIntegration(request: AdminRequest, env: Env): Promise<Response> {
  const slug = pathParam(request, 'slug', INTEGRATION_SLUG_PATTERN, 'integration slug', 'a letter or digit, then letters, digits and _ . - (at most 128)')
  const kv = adminStore(env)
  const body = await readAdminBody(request)
  const checked = validateIntegration(slug, body)
  if (!checked.ok) throw badRequest(`Invalid integration (body): ${describeConfigIssues(checked.issues)}`, checked.issues[0]?.path ?? null, 'invalid_integration')
  const existed = (await kv.get(integrationKey(slug), 'text')) !== null
  await kv.put(integrationKey(slug), JSON.stringify(body))
  auditLog('integration.put', { slug, provider: checked.integration.provider })
  const status = secretStatus(checked.integration, env)
  const missing = Object.entries(status.secrets).filter(([, present]) => !present).map(([name]) => name)
  const warnings = missing.map((name) => `The Worker Secret ${name} is not set; requests through '${slug}' fail until it is: npx wrangler secret put ${name}`)
  return json({ slug, integration: body, ...status, ...(warnings.length ? { warnings } : {}) }, existed ? 200 : 201)
}

/** `DELETE /admin/integrations/:slug`. */
export async function deleteIntegration(request: AdminRequest, env: Env): Promise<Response> {
  const slug = pathParam(request, 'slug', INTEGRATION_SLUG_PATTERN, 'integration slug', 'a letter or digit, then letters, digits and _ . - (at most 128)')
  const kv = adminStore(env)
  if ((await kv.get(integrationKey(slug), 'text')) === null) throw notFound('Integration', slug)
  await kv.delete(integrationKey(slug))
  auditLog('integration.delete', { slug })
  return json({ slug, deleted: true })
}

/** Whether each Worker Secret the integration names holds a non-empty string; never the value. */
function secretStatus(integration: Integration | undefined, env: Env): { secret_present: boolean; secrets: Record<string, boolean> } {
  const names = integration ? [integration.secret, ...Object.values(integration.secrets)].filter((name): name is string => !!name) : []
  const secrets = Object.fromEntries(names.map((name) => [name, typeof env[name] === 'string' && env[name] !== '']))
  return { secret_present: names.length > 0 && Object.values(secrets).every(Boolean), secrets }
}

async function readStored(kv: KVNamespace, slug: string): Promise<{ json: unknown; integration?: Integration; problems?: string } | undefined> {
  const text = await kv.get(integrationKey(slug), 'text')
  if (text === null) return undefined
  let stored: unknown
  try {
    stored = JSON.parse(text)
  } catch {
    return { json: null, problems: 'the stored value is not valid JSON' }
  }
  const checked = validateIntegration(slug, stored)
  return checked.ok ? { json: stored, integration: checked.integration } : { json: stored, problems: describeConfigIssues(checked.issues) }
}
