import type { ConfigIssue } from './config-keys'

/**
 * Splits a legacy Portkey body `{ "config": {...}, "params": {...} }` into the OpenAI body
 * (`params`) and the config; any other body is returned as it is. Portkey's early
 * "Fallbacks on LLMs" guide sends this form.
 */
export function splitLegacyBody(body: unknown): { body: unknown; config?: unknown } {
  if (!isObject(body) || !('config' in body) || !isObject(body.params)) return { body }
  const { config, params } = body
  if (config === undefined || config === null) return { body: params }
  return { body: params, config }
}

/**
 * Rewrites the legacy config form `{ mode, options: [...] }` (keys already snake_case) as
 * `{ strategy: { mode }, targets: [...] }`. `legacy` says whether the form was found, so that
 * issue paths can be written back in the caller's terms.
 */
export function fromLegacyConfig(config: unknown): { value: unknown; legacy: boolean; issues: ConfigIssue[] } {
  if (!isObject(config) || (!('mode' in config) && !('options' in config))) return { value: config, legacy: false, issues: [] }
  const issues: ConfigIssue[] = []
  const { mode, options, ...rest } = config
  if ('strategy' in rest) issues.push({ path: 'config.mode', message: "legacy 'mode' and 'strategy' cannot both be set; use strategy.mode" })
  if ('targets' in rest) issues.push({ path: 'config.options', message: "legacy 'options' and 'targets' cannot both be set; use targets" })
  if (options === undefined) issues.push({ path: 'config.options', message: "the legacy form { mode, options } needs 'options'" })
  if (issues.length > 0) return { value: config, legacy: true, issues }
  const value: Record<string, unknown> = { ...rest, targets: options }
  value.strategy = mode === undefined ? { mode: 'fallback' } : { mode }
  return { value, legacy: true, issues }
}

/** Writes a path of the rewritten form back in legacy terms (`targets[0]` → `options[0]`). */
export function legacyPath(path: string): string {
  if (path === 'config.strategy.mode') return 'config.mode'
  if (path === 'config.targets' || path.startsWith('config.targets[')) return `config.options${path.slice('config.targets'.length)}`
  return path
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
