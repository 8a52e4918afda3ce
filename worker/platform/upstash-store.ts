import { GatewayError } from '../http/errors'
import { parseStored, type ConfigStore, type ConfigStoreListOptions, type ConfigStoreListResult } from './config-store'

/** Where an Upstash Redis database (Vercel KV is one) answers its REST API. */
export interface UpstashOptions {
  url: string
  token: string
  fetch?: typeof fetch
}

const DEFAULT_LIST_LIMIT = 1000

/**
 * A config store on Upstash Redis through its REST API: one POSTed command per call, KV keys
 * used as Redis keys. `list` uses SCAN, so its pages are unordered and their size approximate.
 * @see https://upstash.com/docs/redis/features/restapi
 */
export function createUpstashStore(options: UpstashOptions): ConfigStore {
  const send = options.fetch ?? fetch
  const endpoint = options.url.replace(/\/+$/, '')
  const command = async (...parts: Array<string | number>): Promise<unknown> => {
    let response: Response
    try {
      response = await send(endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(parts),
      })
    } catch {
      throw unavailable(`${parts[0]} failed: the store could not be reached`)
    }
    const answer = (await response.json().catch(() => null)) as { result?: unknown; error?: unknown } | null
    if (!response.ok || !answer || answer.error !== undefined) {
      // Upstash error texts name the command, never the token.
      throw unavailable(`${parts[0]} failed (${response.status}): ${String(answer?.error ?? 'no result').slice(0, 200)}`)
    }
    return answer.result
  }
  const get = async (key: string, type: 'text' | 'json' = 'text') => {
    const result = await command('GET', key)
    const text = typeof result === 'string' ? result : null
    return type === 'json' ? parseStored(text) : text
  }
  return {
    get: get as ConfigStore['get'],
    async put(key, value, putOptions) {
      if (putOptions?.expirationTtl) await command('SET', key, value, 'EX', putOptions.expirationTtl)
      else await command('SET', key, value)
    },
    async delete(key) {
      await command('DEL', key)
    },
    async list(listOptions: ConfigStoreListOptions = {}): Promise<ConfigStoreListResult> {
      const pattern = `${escapeGlob(listOptions.prefix ?? '')}*`
      const result = await command('SCAN', listOptions.cursor || '0', 'MATCH', pattern, 'COUNT', listOptions.limit ?? DEFAULT_LIST_LIMIT)
      const [next, names] = Array.isArray(result) ? result : ['0', []]
      const complete = String(next) === '0'
      const keys = (Array.isArray(names) ? names : []).map((name) => ({ name: String(name) }))
      return { keys, list_complete: complete, ...(complete ? {} : { cursor: String(next) }) }
    },
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (character) => `\\${character}`)
}

function unavailable(detail: string): GatewayError {
  return new GatewayError(503, `The config store (Upstash Redis) ${detail}.`, { code: 'config_store_unavailable', retryable: true })
}
