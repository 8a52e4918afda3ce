import type { KVNamespace } from '@cloudflare/workers-types'
import { GatewayError } from '../http/errors'

/** Options of a listing, as Workers KV takes them. */
export interface ConfigStoreListOptions {
  prefix?: string
  limit?: number
  cursor?: string
}

/** One page of keys, as Workers KV returns it (`cursor` set while `list_complete` is false). */
export interface ConfigStoreListResult {
  keys: Array<{ name: string }>
  list_complete: boolean
  cursor?: string
}

/**
 * The part of Workers KV the gateway uses for `env.CONFIGS` (saved configs, integrations, gateway
 * keys). Workers bind KV itself; Deno and Vercel Edge supply an implementation of this subset.
 */
export interface ConfigStore {
  get(key: string, type: 'text'): Promise<string | null>
  get<T = unknown>(key: string, type: 'json'): Promise<T | null>
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>
  delete(key: string): Promise<void>
  list(options?: ConfigStoreListOptions): Promise<ConfigStoreListResult>
}

/** Workers KV is a config store as it is; this only proves it to the compiler. */
export function kvConfigStore(namespace: KVNamespace): ConfigStore {
  return namespace
}

/** The error a write to a read-only store (the UNDERSTUDY_CONFIGS variable) raises. */
export function readOnlyStoreError(): GatewayError {
  return new GatewayError(501, 'This gateway reads its configs from the UNDERSTUDY_CONFIGS variable, which is read-only. Use a writable store (Deno KV, Upstash Redis) to change configs at run time.', {
    type: 'server_error',
    code: 'config_store_read_only',
    retryable: false,
  })
}

/** Parses a stored text the way KV's `get(key, 'json')` does. */
export function parseStored<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T)
}
