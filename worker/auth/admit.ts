import type { Endpoint } from '../../providers/types'
import { splitSlugModel } from '../config/ids'
import type { LeafNode, Plan, PlanNode } from '../config/plan'
import { readPortkeyHeaders } from '../config/read-portkey-headers'
import { type ResolvePlanInput, resolvePlan } from '../config/resolve-plan'
import { GatewayError } from '../http/errors'
import type { Env } from '../platform/env'
import { forbidden, missingGatewayKey } from './auth-errors'
import { checkBrowserOrigin, checkBrowserRequest } from './browser-key'
import { corsOriginAllowed } from './cors'
import { GATEWAY_KEY_PREFIX, type KeyRecord } from './key-record'
import { type KeyRequirement, keyRequirement } from './key-requirement'
import { checkPlanPolicy } from './key-policy'
import { findPresentedKey, withoutGatewayKey } from './presented-key'
import { referencedIntegrations } from './referenced-integrations'
import { verifyGatewayKey } from './verify-key'

/** Who is calling: the verified key (if any), and what the deployment demands of keyless callers. */
export interface Caller {
  record?: KeyRecord
  /** Only looked up for requests without a gateway key. */
  requirement: KeyRequirement
}

/**
 * Identifies the caller from its headers alone, before the body is read: verifies a presented
 * gateway key, refuses keyless requests when every request needs a key, and checks the Origin
 * (a browser key's own origins; otherwise env CORS_ORIGINS).
 */
export async function identifyCaller(headers: Headers, env: Env, now?: () => number): Promise<Caller> {
  const presented = findPresentedKey(headers)
  let record: KeyRecord | undefined
  let requirement: KeyRequirement = 'off'
  if (presented?.key.startsWith(GATEWAY_KEY_PREFIX)) record = await verifyGatewayKey(presented, env, now)
  else {
    requirement = await keyRequirement(env, now)
    // A non-gateway value in x-portkey-api-key (a Portkey cloud key) is ignored while keys are off.
    if (presented && requirement !== 'off') await verifyGatewayKey(presented, env, now)
    if (requirement === 'always') throw missingGatewayKey('this gateway requires a gateway key on every request.')
  }
  const origin = headers.get('origin')
  if (record?.browser) checkBrowserOrigin(record, origin)
  else if (origin !== null && !corsOriginAllowed(env.CORS_ORIGINS, origin, record !== undefined)) {
    const how = record ? 'a server key may be used from a web page only when its origin is listed in CORS_ORIGINS; use a browser key' : 'list it in CORS_ORIGINS or use a browser key'
    throw forbidden(`Origin '${origin.slice(0, 200)}' is not allowed: ${how}.`, 'origin_not_allowed', 'origin')
  }
  return { record, requirement }
}

export interface Admitted {
  plan: Plan
  /** The request headers for the config layer and the executor: without the gateway key. */
  headers: Headers
}

// Errors that tell a keyless caller whether a saved config or integration exists.
const STORE_ERROR_CODES = new Set(['config_not_found', 'invalid_saved_config', 'integration_not_found', 'integration_invalid', 'integration_secret_missing'])

/**
 * Resolves the request's plan as its caller may have it: browser-key restrictions, the key's
 * default_config, the key's policy on every leaf, and no stored key, saved config or integration
 * for a keyless caller once keys exist (401, also instead of "not found" errors that would let
 * it probe the store).
 */
export async function admitRequest(caller: Caller, input: ResolvePlanInput, endpoint: Endpoint, env: Env, now?: () => number): Promise<Admitted> {
  const { record } = caller
  if (record?.browser) checkBrowserRequest(record, input.headers, input.bodyConfig)
  const headers = withDefaultConfig(record, withoutGatewayKey(input.headers), input)
  const routing = { ...input, headers }
  const keyless = !record && caller.requirement !== 'off'
  let plan: Plan
  try {
    plan = await resolvePlan(routing, env, { now })
  } catch (error) {
    if (keyless && error instanceof GatewayError && error.code !== null && STORE_ERROR_CODES.has(error.code)) {
      throw missingGatewayKey('saved configs and integrations need a gateway key.')
    }
    throw error
  }
  if (keyless) {
    if (plan.configId !== undefined) throw missingGatewayKey(`the saved config '${plan.configId}' needs a gateway key.`)
    if (someLeaf(plan.root, (leaf) => leaf.keySource === 'secret') || (await referencedIntegrations(routing, env, now)).size > 0) {
      throw missingGatewayKey('integrations (stored provider keys) need a gateway key; to use your own provider key, send it in Authorization with x-portkey-provider.')
    }
  }
  if (record) {
    const integrations = record.policy.integrations ? await referencedIntegrations(routing, env, now) : undefined
    checkPlanPolicy(record, plan, { endpoint, bodyModel: input.bodyModel, integrations })
  }
  return { plan, headers }
}

/** The request's metadata with the key's on top (the key's values win: a caller cannot forge them). */
export function withKeyMetadata(record: KeyRecord | undefined, metadata: Record<string, string> | undefined): Record<string, string> {
  return record?.policy.metadata ? { ...metadata, ...record.policy.metadata } : (metadata ?? {})
}

/** Fields the request's log line carries for the gateway key that made it. */
export function keyLogFields(record: KeyRecord | undefined): Record<string, unknown> | undefined {
  if (!record) return undefined
  return { gateway_key: record.id, ...(record.policy.metadata && { key_metadata: record.policy.metadata }) }
}

/** Applies the key's default_config when the request names no config and no provider. */
function withDefaultConfig(record: KeyRecord | undefined, headers: Headers, input: ResolvePlanInput): Headers {
  const fallback = record?.policy.default_config
  if (fallback === undefined || (input.bodyConfig !== undefined && input.bodyConfig !== null) || splitSlugModel(input.bodyModel)) return headers
  const portkey = readPortkeyHeaders(headers)
  if (portkey.config !== undefined || portkey.provider !== undefined || portkey.virtualKey !== undefined) return headers
  const copy = new Headers(headers)
  copy.set('x-portkey-config', fallback)
  return copy
}

function someLeaf(node: PlanNode, test: (leaf: LeafNode) => boolean): boolean {
  return node.kind === 'target' ? test(node) : node.children.some((child) => someLeaf(child, test))
}
