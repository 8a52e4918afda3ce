import { GatewayError } from '../http/errors'

/** The part of a KV namespace the key lookups use. */
export interface KeyKvReader {
  get(key: string, type: 'text'): Promise<string | null>
}

/**
 * How long a found key record is reused in this isolate: shorter than the config memo
 * (worker/config/kv-memo.ts), because a revoked key must stop working soon.
 */
export const KEY_FOUND_TTL_MS = 10_000
/** How long a missing key is remembered as missing (a key created a moment ago works after this). */
export const KEY_MISSING_TTL_MS = 5_000

interface Entry {
  value: Promise<unknown>
  expires: number
}

// Keyed by namespace so that two bindings (or two tests) never share entries.
const memo = new WeakMap<object, Map<string, Entry>>()
/** Bounds the memory a flood of made-up keys can take; the oldest entries go first. */
const MAX_ENTRIES = 2_000

/**
 * Reads a KV entry for the auth layer and parses it, reusing the result for KEY_FOUND_TTL_MS
 * (KEY_MISSING_TTL_MS when missing). Concurrent reads of one entry share one KV read.
 */
export function readKeyMemoised<T>(kv: KeyKvReader, key: string, parse: (text: string) => T, now: () => number = Date.now): Promise<T | undefined> {
  let entries = memo.get(kv)
  if (!entries) memo.set(kv, (entries = new Map()))
  const time = now()
  const cached = entries.get(key)
  if (cached && cached.expires > time) return cached.value as Promise<T | undefined>
  if (cached) entries.delete(key)
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!)
  const entry: Entry = { value: Promise.resolve(), expires: time + KEY_FOUND_TTL_MS }
  entry.value = read(kv, key).then((text) => {
    if (text === null) {
      entry.expires = time + KEY_MISSING_TTL_MS
      return undefined
    }
    return parse(text)
  })
  // A failed read is not remembered.
  entry.value.catch(() => entries.get(key) === entry && entries.delete(key))
  entries.set(key, entry)
  return entry.value as Promise<T | undefined>
}

async function read(kv: KeyKvReader, key: string): Promise<string | null> {
  try {
    return await kv.get(key, 'text')
  } catch {
    throw new GatewayError(503, 'The key store (KV binding CONFIGS) could not be read. Try again.', {
      code: 'key_store_unavailable',
      retryable: true,
    })
  }
}
