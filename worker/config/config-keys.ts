import { KNOWN_CONFIG_KEYS } from './config-schema'
import { snakeCase } from './provider-option-names'

export interface ConfigIssue {
  path: string
  message: string
}

// Values under these keys belong to the caller or to Portkey features we accept without
// effect; their keys are never converted.
const OPAQUE = new Set(['override_params', 'query', 'vertex_service_account_json', 'metadata', 'params', 'checks', 'cache',
  'before_request_hooks', 'after_request_hooks', 'input_guardrails', 'output_guardrails', 'input_mutators',
  'output_mutators', 'default_input_guardrails', 'default_output_guardrails'])

/**
 * Rewrites camelCase config keys to their snake_case form (`apiKey` → `api_key`), leaving
 * unknown keys as written so that the validator names them as the caller wrote them. A key set
 * in both forms is an issue.
 */
export function snakeConfigKeys(value: unknown, path = 'config'): { value: unknown; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = []
  return { value: convert(value, path, issues), issues }
}

function convert(value: unknown, path: string, issues: ConfigIssue[]): unknown {
  if (Array.isArray(value)) return value.map((item, index) => convert(item, `${path}[${index}]`, issues))
  if (value === null || typeof value !== 'object') return value
  const result: Record<string, unknown> = {}
  const writtenAs = new Map<string, string>()
  for (const [key, entry] of Object.entries(value)) {
    const snake = snakeCase(key)
    const name = KNOWN_CONFIG_KEYS.has(snake) ? snake : key
    const earlier = writtenAs.get(name)
    if (earlier !== undefined) {
      issues.push({ path: `${path}.${key}`, message: `'${earlier}' and '${key}' are the same key; set it once` })
      continue
    }
    writtenAs.set(name, key)
    result[name] = OPAQUE.has(name) ? entry : convert(entry, `${path}.${name}`, issues)
  }
  return result
}
