import * as v from 'valibot'
import type { KeyPolicy } from '../../auth/key-record'
import type { ConfigIssue } from '../../config/config-keys'
import { strictObject } from '../../config/strict-object'
import { CONFIG_ID_PATTERN, INTEGRATION_SLUG_PATTERN } from '../../config/ids'
import { canonicalProvider, unknownProviderMessage } from '../../config/provider-ids'
import { issuePath } from '../../http/describe-issues'

const list = <T extends v.GenericSchema<unknown, string>>(item: T) => v.optional(v.array(item))
const configId = v.pipe(v.string(), v.regex(CONFIG_ID_PATTERN, 'expected a saved config id (letters, digits, _ . : -)'))
const slug = v.pipe(v.string(), v.regex(INTEGRATION_SLUG_PATTERN, 'expected an integration slug (letters, digits, _ . -)'))
const provider = v.pipe(
  v.string(),
  v.check((value) => canonicalProvider(value) !== undefined, (issue) => unknownProviderMessage(String(issue.input))),
  v.transform((value) => canonicalProvider(value) ?? value),
)
const model = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.check((value) => !value.slice(0, -1).includes('*'), "'*' may only end a model name (a prefix match such as gpt-4o*)"),
)
const origin = v.pipe(v.string(), v.check(isExactOrigin, 'expected an origin such as https://app.example.com (scheme, host and port only, no path or trailing slash)'))
const perMinute = v.pipe(v.number(), v.integer('expected a whole number'), v.minValue(1, 'must be at least 1'))
const timestamp = v.pipe(v.string(), v.check((value) => !Number.isNaN(Date.parse(value)), 'expected an ISO 8601 timestamp such as 2027-01-31T00:00:00Z'))
const days = v.pipe(v.number(), v.integer('expected a whole number of days'), v.minValue(1, 'must be at least 1'), v.maxValue(3650, 'must be at most 3650'))

/** The per-key policy, strictly: every problem with its path and a did-you-mean for unknown keys. */
export const keyPolicySchema = strictObject({
  configs: list(configId),
  integrations: list(slug),
  providers: list(provider),
  models: list(model),
  default_config: v.optional(configId),
  origins: list(origin),
  rate_limit: v.optional(strictObject({ requests_per_minute: v.optional(perMinute), tokens_per_minute: v.optional(perMinute) })),
  metadata: v.optional(v.record(v.string(), v.string('expected a string'))),
})

const name = v.pipe(v.string(), v.maxLength(100, 'must be at most 100 characters'))

/** `POST /admin/keys` body. */
const createKeySchema = strictObject({
  name: v.optional(name),
  browser: v.optional(v.boolean()),
  expires_at: v.optional(timestamp),
  expires_in_days: v.optional(days),
  policy: v.optional(keyPolicySchema),
})

/** `PATCH /admin/keys/:id` body: `null` clears name or expiry; a policy replaces the whole policy. */
const updateKeySchema = strictObject({
  name: v.optional(v.nullable(name)),
  expires_at: v.optional(v.nullable(timestamp)),
  expires_in_days: v.optional(days),
  policy: v.optional(keyPolicySchema),
})

export type CreateKeySettings = v.InferOutput<typeof createKeySchema>
export type UpdateKeySettings = v.InferOutput<typeof updateKeySchema>
type Checked<T> = { ok: true; settings: T } | { ok: false; issues: ConfigIssue[] }

/** Validates a `POST /admin/keys` body completely (also run by the CLI before sending). */
export function validateCreateKey(json: unknown, now: number): Checked<CreateKeySettings> {
  const parsed = v.safeParse(createKeySchema, json)
  if (!parsed.success) return { ok: false, issues: keyIssues(parsed.issues) }
  const { browser = false, policy = {}, expires_at, expires_in_days } = parsed.output
  const issues = keySettingsProblems({ browser, policy, expires_at, expiresInDays: expires_in_days }, now)
  return issues.length ? { ok: false, issues } : { ok: true, settings: parsed.output }
}

/** Validates a `PATCH /admin/keys/:id` body against the key it changes. */
export function validateUpdateKey(json: unknown, current: { browser: boolean; policy: KeyPolicy }, now: number): Checked<UpdateKeySettings> {
  const parsed = v.safeParse(updateKeySchema, json)
  if (!parsed.success) return { ok: false, issues: keyIssues(parsed.issues) }
  const { policy = current.policy, expires_at, expires_in_days } = parsed.output
  const issues = keySettingsProblems({ browser: current.browser, policy, expires_at: expires_at ?? undefined, expiresInDays: expires_in_days }, now)
  if (expires_at === null && expires_in_days !== undefined) issues.push({ path: 'expires_in_days', message: 'cannot be combined with expires_at: null' })
  return issues.length ? { ok: false, issues } : { ok: true, settings: parsed.output }
}

/** valibot issues as `{path, message}`, paths as the body spells them (`policy.origins[0]`). */
function keyIssues(issues: readonly v.BaseIssue<unknown>[]): ConfigIssue[] {
  return issues.map((issue) => ({ path: issuePath(issue) || 'body', message: issue.message }))
}

/** What a key's settings must satisfy together, beyond each field's own shape. */
function keySettingsProblems(settings: { browser: boolean; policy: KeyPolicy; expires_at?: string; expiresInDays?: number }, now: number): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  const { policy } = settings
  if (settings.expires_at !== undefined && settings.expiresInDays !== undefined) {
    issues.push({ path: 'expires_in_days', message: 'set either expires_at or expires_in_days, not both' })
  }
  if (settings.expires_at !== undefined && Date.parse(settings.expires_at) <= now) issues.push({ path: 'expires_at', message: 'is in the past' })
  if (policy.default_config !== undefined && policy.configs && !policy.configs.includes(policy.default_config)) {
    issues.push({ path: 'policy.default_config', message: `'${policy.default_config}' is not among policy.configs` })
  }
  if (settings.browser && !policy.origins?.length) {
    issues.push({ path: 'policy.origins', message: 'a browser key needs at least one allowed origin' })
  }
  if (settings.browser && !policy.configs?.length && policy.default_config === undefined) {
    issues.push({ path: 'policy.configs', message: 'a browser key may use only saved configs: list them in policy.configs or set policy.default_config' })
  }
  return issues
}

function isExactOrigin(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value
  } catch {
    return false
  }
}
