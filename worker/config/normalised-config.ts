import type { ProviderOptions } from '../../providers/types'
import { IGNORED_KEYS, type SnakeNode } from './config-schema'
import type { Condition, StrategyMode } from './plan'
import { canonicalProvider } from './provider-ids'
import { OPTION_BY_CONFIG_KEY } from './provider-option-names'

/** One validated config node, camelCase; unset fields stay unset so that inheritance can see them. */
export interface ConfigNode {
  name?: string
  weight?: number
  strategy?: { mode: StrategyMode; onStatusCodes?: number[]; conditions?: Condition[]; default?: string }
  targets?: ConfigNode[]
  retry?: { attempts: number; onStatusCodes?: number[]; useRetryAfterHeader?: boolean }
  requestTimeout?: number
  overrideParams?: Record<string, unknown>
  /** A canonical provider id, or `@<integration>`. */
  provider?: string
  apiKey?: string
  virtualKey?: string
  customHost?: string
  /** Lower-case header names. */
  forwardHeaders?: string[]
  options: ProviderOptions
  timeouts?: { headersMs?: number; firstTokenMs?: number; idleMs?: number; totalMs?: number }
  hedgeAfterMs?: number
  midStreamRecovery?: boolean
  breaker?: { enabled?: boolean; failureThreshold?: number; cooldownMs?: number }
  onContentPolicy?: 'return' | 'fallback'
  contextWindow?: number
  /** Portkey keys present here that the gateway accepts without effect (cache, hooks, ...). */
  ignoredKeys?: string[]
}

/** A config after validation: the root node. */
export type NormalisedConfig = ConfigNode

const IGNORED = new Set<string>(IGNORED_KEYS)

/** Converts a validated snake_case node (and its targets) to a ConfigNode. */
export function toConfigNode(node: SnakeNode): ConfigNode {
  const result: ConfigNode = { options: {} }
  if (node.name !== undefined) result.name = node.name
  if (node.weight !== undefined) result.weight = node.weight
  if (node.strategy) {
    const { mode, on_status_codes, conditions, default: fallbackName } = node.strategy
    result.strategy = { mode }
    if (on_status_codes) result.strategy.onStatusCodes = on_status_codes
    if (conditions) result.strategy.conditions = conditions.map(({ query, then }) => ({ query, then }))
    if (fallbackName !== undefined) result.strategy.default = fallbackName
  }
  if (node.targets) result.targets = node.targets.map(toConfigNode)
  if (node.retry) {
    result.retry = { attempts: node.retry.attempts }
    if (node.retry.on_status_codes) result.retry.onStatusCodes = node.retry.on_status_codes
    if (node.retry.use_retry_after_header !== undefined) result.retry.useRetryAfterHeader = node.retry.use_retry_after_header
  }
  if (node.request_timeout !== undefined) result.requestTimeout = node.request_timeout
  if (node.override_params) result.overrideParams = node.override_params
  if (node.provider !== undefined) result.provider = node.provider.startsWith('@') ? node.provider : canonicalProvider(node.provider)
  if (node.api_key !== undefined) result.apiKey = node.api_key
  if (node.virtual_key !== undefined) result.virtualKey = node.virtual_key
  if (node.custom_host !== undefined) result.customHost = node.custom_host
  if (node.forward_headers) result.forwardHeaders = node.forward_headers.map((name) => name.toLowerCase())
  if (node.timeouts) {
    const { headers_ms, first_token_ms, idle_ms, total_ms } = node.timeouts
    result.timeouts = defined({ headersMs: headers_ms, firstTokenMs: first_token_ms, idleMs: idle_ms, totalMs: total_ms })
  }
  if (node.hedge) result.hedgeAfterMs = node.hedge.after_ms
  if (node.mid_stream_recovery !== undefined) result.midStreamRecovery = node.mid_stream_recovery
  if (node.circuit_breaker) {
    const { enabled, failure_threshold, cooldown_ms } = node.circuit_breaker
    result.breaker = defined({ enabled, failureThreshold: failure_threshold, cooldownMs: cooldown_ms })
  }
  if (node.on_content_policy !== undefined) result.onContentPolicy = node.on_content_policy
  if (node.context_window !== undefined) result.contextWindow = node.context_window
  for (const [key, value] of Object.entries(node)) {
    const option = OPTION_BY_CONFIG_KEY.get(key)
    if (option !== undefined && value !== undefined) result.options[option] = typeof value === 'string' ? value : JSON.stringify(value)
    if (IGNORED.has(key)) (result.ignoredKeys ??= []).push(key)
  }
  return result
}

/** The object without its undefined fields, so that inheritance sees only what was set. */
function defined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key]
  return value
}
