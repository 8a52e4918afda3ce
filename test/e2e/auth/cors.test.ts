import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { Emulator } from '../../emulators/core'
import { startOpenAIEmulator } from '../../emulators/openai'
import { startGateway, type Gateway } from '../../helpers/gateway'
import { CANARY, KEYS_ENABLED, gatewayKey, keyEntries, recorder } from './auth-fixtures'

const APP = 'https://app.example.com'
const PARTNER = 'https://partner.example.com'
const BROWSER = gatewayKey('browser')
const SERVER = gatewayKey('server')

let upstream: Emulator
let gateway: Gateway
const { call, chat, expectNoLeak } = recorder(() => gateway)

beforeAll(async () => {
  upstream = await startOpenAIEmulator()
  gateway = await startGateway({
    secrets: { PRIMARY_KEY: CANARY },
    vars: { CORS_ORIGINS: `${PARTNER}, *` },
    kv: {
      ...KEYS_ENABLED,
      'integration:primary': { provider: 'openai', secret: 'PRIMARY_KEY', custom_host: `${upstream.url}/v1` },
      'config:chat': { virtual_key: 'primary' },
      'config:other': { virtual_key: 'primary' },
      ...keyEntries(BROWSER, { id: 'key_00000000000000c1', browser: true, policy: { origins: [APP], configs: ['chat'] } }),
      ...keyEntries(SERVER, { id: 'key_00000000000000c2' }),
    },
  })
})
afterAll(async () => {
  await gateway?.dispose()
  await upstream?.close()
})
beforeEach(() => upstream.reset())

const fromPage = (origin: string, headers: Record<string, string>) => chat({ origin, ...headers })

describe('preflight', () => {
  test('OPTIONS is answered 204 for the page origin with the headers a client sends', async () => {
    const answer = await call('/v1/chat/completions', {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-portkey-config,x-stainless-os' },
    })
    expect(answer.status).toBe(204)
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP)
    expect(answer.headers.get('access-control-allow-methods')).toContain('POST')
    expect(answer.headers.get('access-control-allow-headers')).toContain('x-portkey-api-key')
    expect(answer.headers.get('access-control-max-age')).toBe('7200')
    expect(answer.headers.get('vary')).toContain('Origin')
  })
})

describe('browser keys', () => {
  test('work from their origin with their config; the page may read the trace headers', async () => {
    const answer = await fromPage(APP, { 'x-portkey-api-key': BROWSER, 'x-portkey-config': 'chat' })
    expect(answer.status).toBe(200)
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP)
    expect(answer.headers.get('access-control-expose-headers')).toContain('x-portkey-trace-id')
    expect(answer.headers.get('vary')).toContain('Origin')
  })

  test.each([
    ['another origin', PARTNER, { 'x-portkey-config': 'chat' }, 'origin_not_allowed'],
    ['a config not listed', APP, { 'x-portkey-config': 'other' }, 'config_not_allowed'],
    ['an inline config with a key', APP, { 'x-portkey-config': JSON.stringify({ provider: 'openai', api_key: 'sk-x', custom_host: 'https://evil.example' }) }, 'browser_key_restricted'],
    ['x-portkey-custom-host', APP, { 'x-portkey-config': 'chat', 'x-portkey-custom-host': 'https://evil.example/v1' }, 'browser_key_restricted'],
  ])('from %s: a 403 the page can read', async (_, origin, headers, code) => {
    const answer = await fromPage(origin, { 'x-portkey-api-key': BROWSER, ...headers })
    expect(answer.status).toBe(403)
    expect(answer.json.error.code).toBe(code)
    expect(answer.headers.get('access-control-allow-origin')).toBe(origin)
    expect(upstream.requests).toHaveLength(0)
  })

  test('do not work outside a page (no Origin)', async () => {
    const answer = await chat({ 'x-portkey-api-key': BROWSER, 'x-portkey-config': 'chat' })
    expect(answer.status).toBe(403)
    expect(answer.json.error.code).toBe('origin_required')
  })
})

describe('pages without a browser key (CORS_ORIGINS)', () => {
  test('a server key works from a listed origin only, never through *', async () => {
    expect((await fromPage(PARTNER, { 'x-portkey-api-key': SERVER, 'x-portkey-config': 'chat' })).status).toBe(200)
    const refused = await fromPage(APP, { 'x-portkey-api-key': SERVER, 'x-portkey-config': 'chat' })
    expect(refused.status).toBe(403)
    expect(refused.json.error.code).toBe('origin_not_allowed')
  })

  test('bring-your-own-key works from any origin when CORS_ORIGINS has *', async () => {
    const answer = await fromPage('https://anyone.example', { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstream.url}/v1`, authorization: 'Bearer sk-own' })
    expect(answer.status).toBe(200)
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://anyone.example')
  })

  test('unknown /v1 endpoints answer a page with CORS headers too; the admin API never does', async () => {
    const unknown = await call('/v1/responses', { method: 'POST', headers: { origin: APP } })
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('access-control-allow-origin')).toBe(APP)
    const admin = await call('/admin/keys', { headers: { origin: APP } })
    expect(admin.headers.get('access-control-allow-origin')).toBeNull()
  })
})

test('the stored key and the gateway keys appear in no answer and no log line', () => {
  expectNoLeak(CANARY, BROWSER, SERVER)
})
