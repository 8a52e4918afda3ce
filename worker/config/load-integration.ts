import { GatewayError, badRequest } from '../http/errors'
import type { Env } from '../platform/env'
import { describeConfigIssues } from './validate-config'
import { suggestionSuffix } from './did-you-mean'
import { INTEGRATION_SLUG_PATTERN } from './ids'
import { type Integration, validateIntegration } from './integration-schema'
import { readMemoised } from './kv-memo'

type Loaded = { ok: true; integration: Integration } | { ok: false; message: string }

/**
 * Finds an integration by slug: KV `integration:<slug>` first, then the `INTEGRATIONS` JSON
 * variable. Undefined when neither has it; a 400 when the stored integration is invalid.
 */
export async function findIntegration(slug: string, env: Env, now?: () => number): Promise<Integration | undefined> {
  if (!INTEGRATION_SLUG_PATTERN.test(slug)) return undefined
  const stored = env.CONFIGS ? await readMemoised(env.CONFIGS, `integration:${slug}`, (text) => parse(slug, text), now) : undefined
  const loaded = stored ?? fromVariable(env.INTEGRATIONS)?.get(slug)
  if (loaded === undefined) return undefined
  if (!loaded.ok) throw badRequest(loaded.message, null, 'integration_invalid')
  return loaded.integration
}

/** Like findIntegration, but a missing integration is a 400 naming it. */
export async function loadIntegration(slug: string, env: Env, param: string, now?: () => number): Promise<Integration> {
  const integration = await findIntegration(slug, env, now)
  if (integration) return integration
  const known = fromVariable(env.INTEGRATIONS)?.keys() ?? []
  throw badRequest(`Unknown integration '${slug}'${suggestionSuffix(slug, known)}.`, param, 'integration_not_found')
}

/**
 * The value of a Worker Secret an integration names. A missing one is the operator's mistake,
 * so it is a 500 naming the secret (never a value).
 */
export function readSecret(env: Env, name: string, slug: string): string {
  const value = env[name]
  if (typeof value === 'string' && value !== '') return value
  throw new GatewayError(500, `Integration '${slug}' reads its key from the Worker Secret ${name}, which is not set. Set it with: wrangler secret put ${name}`, {
    code: 'integration_secret_missing',
    retryable: false,
  })
}

function parse(slug: string, text: string): Loaded {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, message: `Integration '${slug}' is stored as invalid JSON.` }
  }
  return checked(slug, json)
}

function checked(slug: string, json: unknown): Loaded {
  const result = validateIntegration(slug, json)
  return result.ok ? result : { ok: false, message: `Integration '${slug}' is invalid: ${describeConfigIssues(result.issues)}` }
}

// The variable never changes within an isolate; parse it once.
let variableText: string | undefined
let variableParsed: Map<string, Loaded> | undefined

function fromVariable(text: unknown): Map<string, Loaded> | undefined {
  if (typeof text !== 'string' || text.trim() === '') return undefined
  if (text === variableText) return variableParsed
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new GatewayError(500, 'The INTEGRATIONS variable is not valid JSON.', { code: 'integrations_invalid', retryable: false })
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new GatewayError(500, 'The INTEGRATIONS variable must be a JSON object of slug → integration.', { code: 'integrations_invalid', retryable: false })
  }
  variableText = text
  variableParsed = new Map(Object.entries(json).map(([slug, entry]) => [slug, checked(slug, entry)]))
  return variableParsed
}
