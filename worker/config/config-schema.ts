import * as v from 'valibot'
import { parseHttpUrl } from './host-guard'
import { strictObject } from './strict-object'
import { INTEGRATION_SLUG_PATTERN } from './ids'
import { canonicalProvider, unknownProviderMessage } from './provider-ids'
import { OPTION_BY_CONFIG_KEY, optionValueProblem } from './provider-option-names'
import { isForwardHeadersHeader } from './read-portkey-headers'

/** Portkey config keys accepted without effect (caching, hooks, guardrails, ...). */
export const IGNORED_KEYS = [
  'cache', 'before_request_hooks', 'after_request_hooks', 'input_guardrails', 'output_guardrails', 'input_mutators',
  'output_mutators', 'default_input_guardrails', 'default_output_guardrails', 'strict_open_ai_compliance', 'id',
] as const

/** A config node as validated, with snake_case keys (camelCase is converted before this). */
export interface SnakeNode {
  name?: string
  weight?: number
  strategy?: {
    mode: 'single' | 'fallback' | 'loadbalance' | 'conditional'
    on_status_codes?: number[]
    conditions?: Array<{ query: Record<string, unknown>; then: string }>
    default?: string
  }
  targets?: SnakeNode[]
  retry?: { attempts: number; on_status_codes?: number[]; use_retry_after_header?: boolean }
  request_timeout?: number
  override_params?: Record<string, unknown>
  provider?: string
  api_key?: string
  virtual_key?: string
  custom_host?: string
  forward_headers?: string[]
  timeouts?: { headers_ms?: number; first_token_ms?: number; idle_ms?: number; total_ms?: number }
  hedge?: { after_ms: number }
  mid_stream_recovery?: boolean
  circuit_breaker?: { enabled?: boolean; failure_threshold?: number; cooldown_ms?: number }
  on_content_policy?: 'return' | 'fallback'
  context_window?: number
  [key: string]: unknown
}

const plainObject = v.custom<Record<string, unknown>>(
  (input) => input !== null && typeof input === 'object' && !Array.isArray(input),
  'expected a JSON object',
)
const statusCodes = v.array(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(599)))
const nonEmpty = v.pipe(v.string(), v.minLength(1, 'must not be empty'))
const slug = v.pipe(v.string(), v.regex(INTEGRATION_SLUG_PATTERN, 'expected an integration slug (letters, digits, _ . -)'))

const provider = v.pipe(
  v.string(),
  v.check((value) => !value.startsWith('@') || INTEGRATION_SLUG_PATTERN.test(value.slice(1)), 'expected @ followed by an integration slug'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (dataset.typed && !dataset.value.startsWith('@') && !canonicalProvider(dataset.value)) {
      addIssue({ message: unknownProviderMessage(dataset.value) })
    }
  }),
)

const customHost = v.pipe(v.string(), v.check((value) => parseHttpUrl(value) !== undefined, 'expected an absolute http(s) URL'))

const forwardHeaders = v.pipe(
  v.array(nonEmpty),
  v.check((names) => !names.some(isForwardHeadersHeader), 'may not name x-portkey-forward-headers itself'),
)

function optionSchema(option: string) {
  const text = v.pipe(v.string(), v.rawCheck(({ dataset, addIssue }) => {
    const problem = dataset.typed ? optionValueProblem(option, dataset.value) : undefined
    if (problem) addIssue({ message: problem })
  }))
  // Portkey writes the service account as a JSON object; a JSON string is accepted too.
  return option === 'vertexServiceAccountJson' ? v.optional(v.union([text, plainObject])) : v.optional(text)
}

const optionEntries = Object.fromEntries([...OPTION_BY_CONFIG_KEY].map(([key, option]) => [key, optionSchema(option)]))
const ignoredEntries = Object.fromEntries(IGNORED_KEYS.map((key) => [key, v.optional(v.unknown())]))

const strategyEntries = {
  mode: v.picklist(['single', 'fallback', 'loadbalance', 'conditional'], (issue) => `expected one of single, fallback, loadbalance, conditional, received ${issue.received}`),
  on_status_codes: v.optional(statusCodes),
  conditions: v.optional(v.array(strictObject({ query: plainObject, then: nonEmpty }))),
  default: v.optional(nonEmpty),
}

const retryEntries = {
  attempts: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(5, 'must be at most 5')),
  on_status_codes: v.optional(statusCodes),
  use_retry_after_header: v.optional(v.boolean()),
}

const milliseconds = v.pipe(v.number(), v.integer(), v.minValue(1, 'must be at least 1 (milliseconds)'))

const timeoutEntries = {
  headers_ms: v.optional(milliseconds),
  first_token_ms: v.optional(milliseconds),
  idle_ms: v.optional(milliseconds),
  total_ms: v.optional(milliseconds),
}

const breakerEntries = {
  enabled: v.optional(v.boolean()),
  failure_threshold: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, 'must be at least 1'))),
  cooldown_ms: v.optional(milliseconds),
}

// Resilience keys (understudy's own; Portkey has none of them). All inherit down the tree.
const resilienceEntries = {
  timeouts: v.optional(strictObject(timeoutEntries)),
  hedge: v.optional(strictObject({ after_ms: milliseconds })),
  mid_stream_recovery: v.optional(v.boolean()),
  circuit_breaker: v.optional(strictObject(breakerEntries)),
  on_content_policy: v.optional(v.picklist(['return', 'fallback'], (issue) => `expected 'return' or 'fallback', received ${issue.received}`)),
  context_window: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, 'must be at least 1 (tokens)'))),
}

const nodeEntries = {
  name: v.optional(nonEmpty),
  weight: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0, 'must be 0 or more'))),
  strategy: v.optional(strictObject(strategyEntries)),
  targets: v.optional(v.pipe(v.array(v.lazy(() => configSchema)), v.minLength(1, 'must list at least one target'))),
  retry: v.optional(strictObject(retryEntries)),
  request_timeout: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, 'must be at least 1 (milliseconds)'))),
  override_params: v.optional(plainObject),
  provider: v.optional(provider),
  api_key: v.optional(nonEmpty),
  virtual_key: v.optional(slug),
  custom_host: v.optional(customHost),
  forward_headers: v.optional(forwardHeaders),
  ...resilienceEntries,
  ...optionEntries,
  ...ignoredEntries,
}

/** The schema of one config node; `targets` nest to any depth. */
export const configSchema: v.GenericSchema<unknown, SnakeNode> = strictObject(nodeEntries)

/** Every key a config object may carry, snake_case (with the legacy `mode` and `options`). */
export const KNOWN_CONFIG_KEYS: ReadonlySet<string> = new Set([
  ...Object.keys(nodeEntries),
  ...Object.keys(strategyEntries),
  ...Object.keys(retryEntries),
  ...Object.keys(timeoutEntries),
  ...Object.keys(breakerEntries),
  'after_ms',
  'query',
  'then',
  'mode',
  'options',
])
