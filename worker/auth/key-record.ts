/**
 * Gateway keys: the storage contract shared by the request path (worker/auth) and the admin API.
 * A key is `usk_` + 40 base62 characters, shown once at creation. KV keeps only its SHA-256.
 */
export const GATEWAY_KEY_PREFIX = 'usk_'

/** KV key of a key record, by the hex SHA-256 of the full key. */
export const keyRecordKey = (hashHex: string) => `key:${hashHex}`
/** KV key mapping a key id (public, e.g. `key_8f3a…`) to its hash, for admin lookups. */
export const keyIdKey = (id: string) => `keyid:${id}`

/** What a key may do; every field is optional and absent means "no restriction". */
export interface KeyPolicy {
  /** Saved config ids the key may use. */
  configs?: string[]
  /** Integration slugs (stored provider accounts) the key may use. */
  integrations?: string[]
  /** Canonical provider ids. */
  providers?: string[]
  /** Model names (exact, or a prefix ending in `*`). */
  models?: string[]
  /** Saved config id applied when the request names no config and no provider. */
  default_config?: string
  /** Browser origins allowed to use the key (exact `https://app.example.com`). */
  origins?: string[]
  rate_limit?: { requests_per_minute?: number; tokens_per_minute?: number }
  /** Attached to every log line of the key's requests. */
  metadata?: Record<string, string>
}

export interface KeyRecord {
  id: string
  name?: string
  /** The first 12 characters of the key, for display. */
  prefix: string
  /** A browser key works only from its `policy.origins` and only with its allowed configs. */
  browser: boolean
  created_at: string
  expires_at?: string
  revoked_at?: string
  policy: KeyPolicy
}
