import { parseStored, readOnlyStoreError, type ConfigStore, type ConfigStoreListOptions, type ConfigStoreListResult } from './config-store'

const DEFAULT_LIST_LIMIT = 1000

/**
 * A read-only config store over a JSON object of KV key → entry (`{"config:prod": {...},
 * "integration:openai-prod": {...}}`), for Deno and Vercel Edge deployments without a database.
 * Object entries are stored as their JSON text, string entries as they are.
 */
export function createJsonConfigStore(entries: Record<string, unknown>): ConfigStore {
  const texts = new Map<string, string>()
  for (const [key, value] of Object.entries(entries)) texts.set(key, typeof value === 'string' ? value : JSON.stringify(value))
  const sortedKeys = [...texts.keys()].sort()
  const get = async (key: string, type: 'text' | 'json' = 'text') => {
    const text = texts.get(key) ?? null
    return type === 'json' ? parseStored(text) : text
  }
  return {
    get: get as ConfigStore['get'],
    async put() {
      throw readOnlyStoreError()
    },
    async delete() {
      throw readOnlyStoreError()
    },
    async list(options: ConfigStoreListOptions = {}): Promise<ConfigStoreListResult> {
      const prefix = options.prefix ?? ''
      const limit = options.limit ?? DEFAULT_LIST_LIMIT
      const start = options.cursor ? Number(options.cursor) : 0
      const matching = sortedKeys.filter((key) => key.startsWith(prefix))
      const page = matching.slice(start, start + limit)
      const complete = start + limit >= matching.length
      return { keys: page.map((name) => ({ name })), list_complete: complete, ...(complete ? {} : { cursor: String(start + limit) }) }
    },
  }
}

/** Parses the UNDERSTUDY_CONFIGS text; a malformed one is an operator error reported at start-up. */
export function parseConfigsVariable(text: string): Record<string, unknown> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new Error('UNDERSTUDY_CONFIGS is not valid JSON: expected an object of key → entry, e.g. {"config:prod": {...}}.')
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error('UNDERSTUDY_CONFIGS must be a JSON object of key → entry, e.g. {"config:prod": {...}}.')
  }
  return json as Record<string, unknown>
}
