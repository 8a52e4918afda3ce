import { GatewayError } from '../http/errors'

/** The part of a KV namespace the config loader uses. */
export interface KvReader {
  get(key: string, type: 'text'): Promise<string | null>
}

/** How long a found entry is reused in this isolate. */
export const FOUND_TTL_MS = 30_000
/** How long a missing entry is remembered as missing. */
export const MISSING_TTL_MS = 5_000

interface Entry {
  value: Promise<unknown>
  expires: number
}

// Keyed by namespace so that two bindings (or two tests) never share entries.
const memo = new WeakMap<object, Map<string, Entry>>()

/**
 * Reads a KV entry and parses it, reusing the parsed value for FOUND_TTL_MS (undefined, for a
 * missing key, for MISSING_TTL_MS). Concurrent reads of one key share one KV read.
 */
export function readMemoised<T>(kv: KvReader, key: string, parse: (text: string) => T, now: () => number = Date.now): Promise<T | undefined> {
  let entries = memo.get(kv)
  if (!entries) memo.set(kv, (entries = new Map()))
  const time = now()
  const cached = entries.get(key)
  if (cached && cached.expires > time) return cached.value as Promise<T | undefined>
  const entry: Entry = { value: Promise.resolve(), expires: time + FOUND_TTL_MS }
  entry.value = read(kv, key).then((text) => {
    if (text === null) {
      entry.expires = time + MISSING_TTL_MS
      return undefined
    }
    return parse(text)
  })
  // A failed read (or a parse that throws) is not remembered.
  entry.value.catch(() => entries.get(key) === entry && entries.delete(key))
  entries.set(key, entry)
  return entry.value as Promise<T | undefined>
}

async function read(kv: KvReader, key: string): Promise<string | null> {
  try {
    return await kv.get(key, 'text')
  } catch {
    throw new GatewayError(503, 'The config store (KV binding CONFIGS) could not be read. Try again.', {
      code: 'config_store_unavailable',
      retryable: true,
    })
  }
}
