import type { ProviderOptions } from '../../providers/types'
import { GatewayError, badRequest } from '../http/errors'
import { checkCallerHost, parseHttpUrl } from './host-guard'
import type { Inherited } from './inherited'
import { readSecret } from './load-integration'
import type { ConfigNode } from './normalised-config'
import type { AttemptClocks, BreakerSettings, LeafNode, RetrySettings } from './plan'
import { isSecretOption } from './provider-option-names'
import type { PortkeyHeaders } from './read-portkey-headers'
import { type Route, type RouteContext, resolveRoute } from './resolve-route'

export interface PlanContext extends RouteContext {
  headers: PortkeyHeaders
  /** The request streams (the default clocks differ). */
  stream?: boolean
  /** The provider x-portkey-provider names (an `@integration`'s provider), canonical. */
  headerProvider?: string
  /** The config came from the operator's store (KV), so its hosts are trusted. */
  trustedConfig: boolean
}

/** Portkey's default retry statuses. */
export const DEFAULT_RETRY_STATUS_CODES = [429, 500, 502, 503, 504]

/** Resolves one leaf target: provider, key and where it came from, base URL, options and settings. */
export async function resolveLeaf(node: ConfigNode, state: Inherited, path: string, context: PlanContext): Promise<LeafNode> {
  const route = await resolveRoute(state, path, context)
  const { apiKey, keySource, options } = resolveCredentials(route, state, context)
  const baseUrl = resolveBaseUrl(route, keySource, state, path, context)
  const overrideParams = route.model === undefined ? state.overrideParams : { ...state.overrideParams, model: route.model }
  const leaf: LeafNode = {
    kind: 'target',
    path,
    provider: route.provider,
    keySource,
    options,
    weight: node.weight ?? 1,
    overrideParams,
    retry: retrySettings(state.retry),
    forwardHeaders: context.headers.forwardHeaders ?? state.forwardHeaders ?? [],
    clocks: attemptClocks(state.timeouts, context.stream),
    midStreamRecovery: state.midStreamRecovery ?? state.hasAlternatives === true,
    breaker: breakerSettings(state.breaker, state.hasAlternatives === true),
    onContentPolicy: state.onContentPolicy ?? 'return',
  }
  if (node.contextWindow !== undefined) leaf.contextWindow = node.contextWindow
  if (node.name !== undefined) leaf.name = node.name
  if (apiKey !== undefined) leaf.apiKey = apiKey
  if (baseUrl !== undefined) leaf.baseUrl = baseUrl
  const requestTimeout = context.headers.requestTimeout ?? state.requestTimeout
  if (requestTimeout !== undefined) leaf.requestTimeout = requestTimeout
  return leaf
}

/**
 * Default clocks. A non-streaming answer sends its headers only when the whole answer is ready,
 * so its headers clock is long; a stream's headers come at once and its first token may follow a
 * long reasoning phase.
 */
export const DEFAULT_CLOCKS = {
  stream: { headersMs: 60_000, firstTokenMs: 120_000, idleMs: 60_000 },
  json: { headersMs: 300_000, firstTokenMs: 300_000, idleMs: 60_000 },
} as const

export const DEFAULT_BREAKER = { failureThreshold: 5, cooldownMs: 30_000 } as const

function attemptClocks(timeouts: Inherited['timeouts'], stream: boolean | undefined): AttemptClocks {
  const defaults = stream ? DEFAULT_CLOCKS.stream : DEFAULT_CLOCKS.json
  return {
    headersMs: timeouts?.headersMs ?? defaults.headersMs,
    firstTokenMs: timeouts?.firstTokenMs ?? defaults.firstTokenMs,
    idleMs: timeouts?.idleMs ?? defaults.idleMs,
  }
}

/** Breakers are on by default only where a target has alternatives to skip to. */
function breakerSettings(breaker: Inherited['breaker'], hasAlternatives: boolean): BreakerSettings {
  return {
    enabled: breaker?.enabled ?? hasAlternatives,
    failureThreshold: breaker?.failureThreshold ?? DEFAULT_BREAKER.failureThreshold,
    cooldownMs: breaker?.cooldownMs ?? DEFAULT_BREAKER.cooldownMs,
  }
}

function retrySettings(retry: Inherited['retry']): RetrySettings {
  return {
    attempts: retry?.attempts ?? 0,
    onStatusCodes: retry?.onStatusCodes ?? DEFAULT_RETRY_STATUS_CODES,
    useRetryAfterHeader: retry?.useRetryAfterHeader ?? true,
  }
}

/**
 * Key order: the target's api_key, the integration's secret, then the caller's Authorization
 * key (only for the provider x-portkey-provider names, or any when that header is absent).
 * A credential read from a Worker Secret makes the key source `secret`.
 */
function resolveCredentials(route: Route, state: Inherited, context: PlanContext) {
  const callerApplies = context.headerProvider === undefined || context.headerProvider === route.provider
  const options: ProviderOptions = callerApplies ? { ...context.headers.options, ...state.options } : { ...state.options }
  const integration = route.integration
  let fromSecret = false
  if (integration) {
    Object.assign(options, integration.options)
    for (const [option, name] of Object.entries(integration.secrets)) {
      options[option] = readSecret(context.env, name, integration.slug)
      fromSecret = true
    }
  }
  let fromCaller = Object.keys(options).some((option) => isSecretOption(option) && !integration?.secrets[option])
  let apiKey = route.apiKey
  if (apiKey !== undefined) {
    fromCaller = true
  } else if (integration?.secret) {
    apiKey = readSecret(context.env, integration.secret, integration.slug)
    fromSecret = true
  } else if (route.provider === 'vertex-ai' && options.vertexServiceAccountJson !== undefined) {
    // The contract carries a Vertex service account as the target's key. It wins over the
    // Authorization header, which the OpenAI SDK always sends (often with a dummy key).
    apiKey = options.vertexServiceAccountJson
  } else if (callerApplies && context.headers.callerKey) {
    apiKey = context.headers.callerKey
    fromCaller = true
  }
  delete options.vertexServiceAccountJson
  const keySource: LeafNode['keySource'] = fromSecret ? 'secret' : fromCaller ? 'caller' : 'none'
  return { apiKey, keySource, options }
}

/**
 * The header's custom host wins (as in Portkey), then the config's, then the integration's.
 * A stored secret goes only to the provider's own host or its integration's custom_host.
 */
function resolveBaseUrl(route: Route, keySource: LeafNode['keySource'], state: Inherited, path: string, context: PlanContext): string | undefined {
  const own = route.integration?.customHost
  const { host, param, trusted } = pickHost(own, state, path, context)
  if (host === undefined) return undefined
  const isOwn = own !== undefined && sameUrl(host, own)
  if (keySource === 'secret' && !isOwn) {
    throw badRequest(`${path} uses a stored key, which is only sent to its provider's own host or its integration's custom_host; remove the custom host or send your own key.`, param, 'custom_host_with_stored_key')
  }
  const url = trusted || isOwn ? trustedUrl(host, param) : callerUrl(host, param, context)
  return withoutSlash(url)
}

function pickHost(own: string | undefined, state: Inherited, path: string, context: PlanContext) {
  if (context.headers.customHost) return { host: context.headers.customHost, param: 'x-portkey-custom-host', trusted: false }
  if (state.customHost) return { host: state.customHost, param: `${path}.custom_host`, trusted: context.trustedConfig }
  return { host: own, param: `${path}.custom_host`, trusted: true }
}

function callerUrl(host: string, param: string, context: PlanContext): URL {
  try {
    return checkCallerHost(host, typeof context.env.ALLOWED_PRIVATE_HOSTS === 'string' ? context.env.ALLOWED_PRIVATE_HOSTS : '')
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error
    throw new GatewayError(error.status, error.message, { type: error.type, code: error.code, param, retryable: false })
  }
}

function trustedUrl(host: string, param: string): URL {
  const url = parseHttpUrl(host)
  if (url) return url
  throw badRequest(`Invalid custom host '${host.slice(0, 200)}': expected an absolute http(s) URL.`, param, 'invalid_custom_host')
}

function sameUrl(a: string, b: string): boolean {
  const [first, second] = [parseHttpUrl(a), parseHttpUrl(b)]
  return first !== undefined && second !== undefined && withoutSlash(first) === withoutSlash(second)
}

function withoutSlash(url: URL): string {
  return url.href.replace(/\/+$/, '')
}
