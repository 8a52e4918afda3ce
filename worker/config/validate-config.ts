import * as v from 'valibot'
import { issuePath } from '../http/describe-issues'
import { snakeConfigKeys, type ConfigIssue } from './config-keys'
import { configSchema } from './config-schema'
import { semanticIssues } from './config-semantics'
import { fromLegacyConfig, legacyPath } from './legacy'
import { toConfigNode, type NormalisedConfig } from './normalised-config'

export type ValidateConfigResult = { ok: true; config: NormalisedConfig } | { ok: false; issues: ConfigIssue[] }

/**
 * Validates a gateway config (Portkey's form, its legacy `{ mode, options }` form, snake_case or
 * camelCase keys) strictly, reporting every issue with its path (`config.targets[0].retry`).
 * @see https://portkey.ai/docs/product/ai-gateway/configs
 */
export function validateConfig(json: unknown): ValidateConfigResult {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, issues: [{ path: 'config', message: 'expected a JSON object' }] }
  }
  const keyed = snakeConfigKeys(json)
  const legacy = fromLegacyConfig(keyed.value)
  const issues = [...keyed.issues, ...legacy.issues]
  if (legacy.issues.length === 0) {
    const parsed = v.safeParse(configSchema, legacy.value)
    if (parsed.success) issues.push(...semanticIssues(parsed.output))
    else issues.push(...parsed.issues.map((issue) => ({ path: issuePath(issue, 'config'), message: issue.message })))
    if (issues.length === 0 && parsed.success) return { ok: true, config: toConfigNode(parsed.output) }
  }
  return { ok: false, issues: legacy.legacy ? issues.map((issue) => ({ ...issue, path: legacyPath(issue.path) })) : issues }
}

/** `path: message; path: message` for one error message. */
export function describeConfigIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')
}
