import { GatewayError } from '../http/errors'
import { BoundedMap } from './bounded-map'

/** The part of a KV namespace the memoised readers use. */
export interface KvReader {
  get(key: string, type: 'text'): Promise<string | null>
}

export interface KvMemoOptions {
  /** How long a found entry is reused in this isolate. */
  foundTtlMs: number
  /** How long a missing entry is remembered as missing. */
  missingTtlMs: number
  /** Bounds the memory a flood of made-up keys can take; the oldest entries go first. */
  maxEntries: number
  /** The error when KV cannot be read. */
  unavailable: () => GatewayError
}

interface Entry {
  value: unknown
  expires: number
}

export type MemoisedRead = <T>(kv: KvReader, key: string, parse: (text: string) => T, now?: () => number) => Promise<T | undefined>

/**
 * A KV reader that parses an entry and reuses the parsed value for `foundTtlMs` (undefined, for a
 * missing key, for `missingTtlMs`). Only settled values are shared between requests: a read in
 * flight belongs to the request that started it, because workerd cancels a request that awaits
 * another request's I/O as hung (500 "your Worker's code had hung"). A failed read, or a parse
 * that throws, is not remembered.
 */
export function createKvMemo(options: KvMemoOptions): MemoisedRead {
  // Keyed by namespace so that two bindings (or two tests) never share entries.
  const memo = new WeakMap<object, BoundedMap<string, Entry>>()
  const read = async (kv: KvReader, key: string): Promise<string | null> => {
    try {
      return await kv.get(key, 'text')
    } catch {
      throw options.unavailable()
    }
  }
  return async <T>(kv: KvReader, key: string, parse: (text: string) => T, now: () => number = Date.now) => {
    let entries = memo.get(kv)
    if (!entries) memo.set(kv, (entries = new BoundedMap(options.maxEntries)))
    const time = now()
    const cached = entries.get(key)
    if (cached && cached.expires > time) return cached.value as T | undefined
    const text = await read(kv, key)
    const value = text === null ? undefined : parse(text)
    entries.set(key, { value, expires: time + (text === null ? options.missingTtlMs : options.foundTtlMs) })
    return value
  }
}

/** How long a found config or integration is reused in this isolate. */
export const FOUND_TTL_MS = 30_000
/** How long a missing config or integration is remembered as missing. */
export const MISSING_TTL_MS = 5_000

/** Saved configs and integrations. */
export const readMemoised = createKvMemo({
  foundTtlMs: FOUND_TTL_MS,
  missingTtlMs: MISSING_TTL_MS,
  maxEntries: 2_000,
  unavailable: () => new GatewayError(503, 'The config store (KV binding CONFIGS) could not be read. Try again.', { code: 'config_store_unavailable', retryable: true }),
})
