import { parseStored, type ConfigStore, type ConfigStoreListOptions, type ConfigStoreListResult } from './config-store'

/** The part of `Deno.Kv` this store uses (typed here so that worker/ needs no Deno types). */
export interface DenoKvLike {
  get(key: unknown[]): Promise<{ value: unknown }>
  set(key: unknown[], value: unknown, options?: { expireIn?: number }): Promise<unknown>
  delete(key: unknown[]): Promise<void>
  list(selector: { start: unknown[]; end: unknown[] }, options?: { limit?: number; cursor?: string }): AsyncIterableIterator<{ key: unknown[] }> & { readonly cursor: string }
}

/** Every entry lives under this first key part: `["understudy", "config:prod"]`. */
export const DENO_KV_NAMESPACE = 'understudy'
const DEFAULT_LIST_LIMIT = 1000
// The largest code point: a range ending here holds every string that starts with the prefix.
const AFTER_EVERY_SUFFIX = '\u{10FFFF}'

/**
 * A config store on Deno KV: KV key `k` is stored as `["understudy", k]` with its text as the value.
 * @see https://docs.deno.com/deploy/kv/manual/
 */
export function createDenoKvStore(kv: DenoKvLike): ConfigStore {
  const get = async (key: string, type: 'text' | 'json' = 'text') => {
    const { value } = await kv.get([DENO_KV_NAMESPACE, key])
    const text = typeof value === 'string' ? value : null
    return type === 'json' ? parseStored(text) : text
  }
  return {
    get: get as ConfigStore['get'],
    async put(key, value, options) {
      const expireIn = options?.expirationTtl ? options.expirationTtl * 1000 : undefined
      await kv.set([DENO_KV_NAMESPACE, key], value, expireIn ? { expireIn } : undefined)
    },
    async delete(key) {
      await kv.delete([DENO_KV_NAMESPACE, key])
    },
    async list(options: ConfigStoreListOptions = {}): Promise<ConfigStoreListResult> {
      const prefix = options.prefix ?? ''
      const limit = options.limit ?? DEFAULT_LIST_LIMIT
      // One more than asked tells whether another page exists.
      const iterator = kv.list(
        { start: [DENO_KV_NAMESPACE, prefix], end: [DENO_KV_NAMESPACE, prefix + AFTER_EVERY_SUFFIX] },
        { limit: limit + 1, cursor: options.cursor || undefined },
      )
      const keys: Array<{ name: string }> = []
      let cursor = ''
      for await (const entry of iterator) {
        if (keys.length === limit) return { keys, list_complete: false, cursor }
        keys.push({ name: String(entry.key[1]) })
        cursor = iterator.cursor
      }
      return { keys, list_complete: true }
    },
  }
}
