import { createKvMemo, type KvReader } from '../config/kv-memo'
import { GatewayError } from '../http/errors'

/** The part of a KV namespace the key lookups use. */
export type KeyKvReader = KvReader

/**
 * How long a found key record is reused in this isolate: shorter than the config memo
 * (worker/config/kv-memo.ts), because a revoked key must stop working soon.
 */
export const KEY_FOUND_TTL_MS = 10_000
/** How long a missing key is remembered as missing (a key created a moment ago works after this). */
export const KEY_MISSING_TTL_MS = 5_000

/** Reads a KV entry for the auth layer and parses it, memoised per isolate (see createKvMemo). */
export const readKeyMemoised = createKvMemo({
  foundTtlMs: KEY_FOUND_TTL_MS,
  missingTtlMs: KEY_MISSING_TTL_MS,
  maxEntries: 2_000,
  unavailable: () => new GatewayError(503, 'The key store (KV binding CONFIGS) could not be read. Try again.', { code: 'key_store_unavailable', retryable: true }),
})
