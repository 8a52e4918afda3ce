import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { GatewayError } from '../../worker/http/errors'
import { createJsonConfigStore, parseConfigsVariable } from '../../worker/platform/json-config-store'
import { platformEnv } from '../../worker/platform/platform-env'
import { createUpstashStore } from '../../worker/platform/upstash-store'
import type { ConfigStore } from '../../worker/platform/config-store'
import { startUpstashEmulator, type UpstashEmulator } from './upstash-emulator'

async function listAll(store: ConfigStore, prefix: string, limit: number): Promise<{ names: string[]; pages: number }> {
  const names: string[] = []
  let cursor: string | undefined
  for (let pages = 1; ; pages++) {
    const page = await store.list({ prefix, limit, cursor })
    names.push(...page.keys.map((key) => key.name))
    if (page.list_complete) return { names: names.sort(), pages }
    cursor = page.cursor
  }
}

describe('the read-only JSON store (UNDERSTUDY_CONFIGS)', () => {
  const store = createJsonConfigStore({ 'config:a': { targets: [] }, 'config:b': 'raw text', 'config:c': {}, 'integration:x': { provider: 'openai' } })

  test('returns object entries as JSON text, string entries as they are, and null for a missing key', async () => {
    expect(await store.get('config:a', 'text')).toBe('{"targets":[]}')
    expect(await store.get('config:b', 'text')).toBe('raw text')
    expect(await store.get<{ provider: string }>('integration:x', 'json')).toEqual({ provider: 'openai' })
    expect(await store.get('config:zzz', 'text')).toBeNull()
  })

  test('lists keys by prefix, page by page through the cursor', async () => {
    const first = await store.list({ prefix: 'config:', limit: 2 })
    expect(first).toMatchObject({ keys: [{ name: 'config:a' }, { name: 'config:b' }], list_complete: false })
    expect(await store.list({ prefix: 'config:', limit: 2, cursor: first.cursor })).toEqual({ keys: [{ name: 'config:c' }], list_complete: true })
  })

  test('refuses writes with a 501 that names the variable', async () => {
    const refused = await store.put('config:d', '{}').catch((error) => error)
    expect(refused).toBeInstanceOf(GatewayError)
    expect(refused).toMatchObject({ status: 501, code: 'config_store_read_only' })
    expect(refused.message).toContain('UNDERSTUDY_CONFIGS')
    await expect(store.delete('config:a')).rejects.toMatchObject({ code: 'config_store_read_only' })
  })

  test('rejects a variable that is not a JSON object, at start-up', () => {
    expect(() => parseConfigsVariable('{"config:a":')).toThrow(/not valid JSON/)
    expect(() => parseConfigsVariable('[1]')).toThrow(/JSON object/)
    expect(parseConfigsVariable('{"config:a": {}}')).toEqual({ 'config:a': {} })
  })
})

describe('the Upstash Redis REST store (Vercel Edge)', () => {
  let upstash: UpstashEmulator
  let store: ConfigStore
  beforeAll(async () => {
    upstash = await startUpstashEmulator('token-secret-93c')
    store = createUpstashStore({ url: `${upstash.url}/`, token: upstash.token })
  })
  afterAll(() => upstash?.close())
  beforeEach(() => {
    upstash.reset()
    upstash.data.clear()
  })

  test('writes, reads (text and JSON) and deletes an entry', async () => {
    await store.put('config:prod', '{"retry":{"attempts":2}}')
    expect(await store.get('config:prod', 'text')).toBe('{"retry":{"attempts":2}}')
    expect(await store.get('config:prod', 'json')).toEqual({ retry: { attempts: 2 } })
    await store.delete('config:prod')
    expect(await store.get('config:prod', 'text')).toBeNull()
    expect(upstash.requests[0].headers.authorization).toBe('Bearer token-secret-93c')
  })

  test('sends expirationTtl as SET … EX', async () => {
    await store.put('key:abc', '{}', { expirationTtl: 60 })
    expect(upstash.requests[0].json).toEqual(['SET', 'key:abc', '{}', 'EX', 60])
  })

  test('lists every key with a prefix by following the SCAN cursor', async () => {
    for (const key of ['config:a', 'config:b', 'config:c', 'integration:x', 'key:1']) upstash.data.set(key, '{}')
    const { names, pages } = await listAll(store, 'config:', 10)
    expect(names).toEqual(['config:a', 'config:b', 'config:c'])
    expect(pages).toBeGreaterThan(1)
  })

  test('reports a refused or unreachable store as a retryable 503 that never contains the token', async () => {
    const wrongToken = createUpstashStore({ url: upstash.url, token: 'wrong-token-value' })
    const refused = await wrongToken.get('config:a', 'text').catch((error) => error)
    expect(refused).toMatchObject({ status: 503, code: 'config_store_unavailable', retryable: true })
    expect(refused.message).not.toContain('wrong-token-value')
    const unreachable = createUpstashStore({ url: 'http://127.0.0.1:1', token: 'token-secret-93c' })
    await expect(unreachable.get('config:a', 'text')).rejects.toMatchObject({ status: 503, code: 'config_store_unavailable' })
  })
})

describe('the env a platform entry builds', () => {
  test('passes every environment variable as a string binding and the store as CONFIGS', () => {
    const store = createJsonConfigStore({})
    const env = platformEnv({ OPENAI_PROD_KEY: 'sk-1', ALLOWED_PRIVATE_HOSTS: '', UNSET: undefined }, store)
    expect(env).toEqual({ OPENAI_PROD_KEY: 'sk-1', ALLOWED_PRIVATE_HOSTS: '', CONFIGS: store })
  })

  test('never lets a variable named CONFIGS pose as the store', () => {
    expect(platformEnv({ CONFIGS: 'not a store' }, undefined)).toEqual({})
  })
})
