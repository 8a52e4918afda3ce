import { badRequest } from '../http/errors'
import type { Env } from '../platform/env'
import { buildPlanNode } from './build-plan'
import { selectConfig } from './config-source'
import type { Identity, Inherited } from './inherited'
import { loadIntegration } from './load-integration'
import type { Plan } from './plan'
import { canonicalProvider, unknownProviderMessage } from './provider-ids'
import { type PortkeyHeaders, readPortkeyHeaders } from './read-portkey-headers'

export interface ResolvePlanInput {
  headers: Headers
  /** The `config` of a legacy `{ config, params }` body (see splitLegacyBody). */
  bodyConfig?: unknown
  bodyModel?: string
  /** The request asks for a stream (`stream: true`). */
  stream?: boolean
}

/**
 * Resolves the request's routing into a Plan whose every leaf has its provider, key (and its
 * source), validated base URL, options and settings. Any problem is a GatewayError naming it.
 * @see https://portkey.ai/docs/product/ai-gateway/configs
 */
export async function resolvePlan(input: ResolvePlanInput, env: Env, options: { now?: () => number } = {}): Promise<Plan> {
  const { now } = options
  const headers = readPortkeyHeaders(input.headers)
  const headerIdentity = identityOfHeaders(headers)
  const headerProvider = await providerOfHeader(headerIdentity?.provider, env, now)
  const source = await selectConfig(input.bodyConfig, input.bodyModel, headers, env, now)
  const root: Inherited = { identity: headerIdentity, overrideParams: {}, modelDepth: -1, options: {} }
  const context = { env, now, bodyModel: input.bodyModel, stream: input.stream, headerIdentity, headers, headerProvider, trustedConfig: source.trusted }
  const plan: Plan = { root: await buildPlanNode(source.config, root, 'config', 0, context) }
  if (source.configId !== undefined) plan.configId = source.configId
  if (source.config.timeouts?.totalMs !== undefined) plan.totalTimeoutMs = source.config.timeouts.totalMs
  return plan
}

function identityOfHeaders(headers: PortkeyHeaders): Identity | undefined {
  if (headers.provider === undefined && headers.virtualKey === undefined) return undefined
  let provider = headers.provider
  if (provider !== undefined && !provider.startsWith('@')) {
    provider = canonicalProvider(provider)
    if (!provider) throw badRequest(`Invalid x-portkey-provider: ${unknownProviderMessage(headers.provider!)}.`, 'x-portkey-provider', 'unknown_provider')
  }
  return { provider, virtualKey: headers.virtualKey, depth: -1 }
}

async function providerOfHeader(provider: string | undefined, env: Env, now?: () => number): Promise<string | undefined> {
  if (provider === undefined || !provider.startsWith('@')) return provider
  return (await loadIntegration(provider.slice(1), env, 'x-portkey-provider', now)).provider
}
