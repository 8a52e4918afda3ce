import OpenAI from 'openai'
import { createHeaders } from 'portkey-ai'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { Emulator } from '../../emulators/core'
import { startOpenAIEmulator } from '../../emulators/openai'
import { startGateway, type Gateway } from '../../helpers/gateway'
import { CANARY, KEYS_ENABLED, gatewayKey, keyEntries, recorder } from './auth-fixtures'

const ACTIVE = gatewayKey('active')
const REVOKED = gatewayKey('revoked')
const EXPIRED = gatewayKey('expired')
const UNKNOWN = gatewayKey('never-issued')
const CALLER_KEY = 'sk-caller-own-key'

let upstream: Emulator
let gateway: Gateway
let open: Gateway
let strict: Gateway
const { call, chat, expectNoLeak } = recorder(() => gateway)
const openCalls = recorder(() => open)
const strictCalls = recorder(() => strict)

beforeAll(async () => {
  upstream = await startOpenAIEmulator()
  const stored = {
    'integration:primary': { provider: 'openai', secret: 'PRIMARY_KEY', custom_host: `${upstream.url}/v1` },
    'config:chat': { virtual_key: 'primary' },
  }
  const keys = {
    ...keyEntries(ACTIVE, { id: 'key_00000000000000a1' }),
    ...keyEntries(REVOKED, { id: 'key_00000000000000a2', revoked_at: '2026-02-01T00:00:00Z' }),
    ...keyEntries(EXPIRED, { id: 'key_00000000000000a3', expires_at: '2026-02-01T00:00:00Z' }),
  }
  ;[gateway, open, strict] = await Promise.all([
    startGateway({ secrets: { PRIMARY_KEY: CANARY }, kv: { ...stored, ...keys, ...KEYS_ENABLED } }),
    startGateway({ secrets: { PRIMARY_KEY: CANARY }, kv: stored }),
    startGateway({ secrets: { PRIMARY_KEY: CANARY }, kv: { ...stored, ...keys, ...KEYS_ENABLED }, vars: { REQUIRE_GATEWAY_KEY: 'true' } }),
  ])
})
afterAll(async () => {
  await Promise.all([gateway?.dispose(), open?.dispose(), strict?.dispose()])
  await upstream?.close()
})
beforeEach(() => upstream.reset())

const byokHeaders = () => ({ 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstream.url}/v1`, authorization: `Bearer ${CALLER_KEY}` })

describe('gateway keys once keys exist', () => {
  test('a stored key is not spent without a gateway key: 401 missing_gateway_key', async () => {
    const answer = await chat({ 'x-portkey-config': 'chat' })
    expect(answer.status).toBe(401)
    expect(answer.json.error).toMatchObject({ code: 'missing_gateway_key', type: 'authentication_error' })
    expect(upstream.requests).toHaveLength(0)
  })

  test('naming a config that does not exist answers the same 401, so that configs cannot be probed', async () => {
    const answer = await chat({ 'x-portkey-config': 'no-such-config' })
    expect(answer.status).toBe(401)
    expect(answer.json.error.message).not.toContain('no-such-config')
  })

  test('bring-your-own-key works without a gateway key, and the caller key reaches the provider', async () => {
    const answer = await chat(byokHeaders())
    expect(answer.status).toBe(200)
    expect(upstream.requests[0].headers.authorization).toBe(`Bearer ${CALLER_KEY}`)
  })

  test('a key in x-portkey-api-key (portkey-ai createHeaders) spends the stored key', async () => {
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${gateway.url}/v1`, maxRetries: 0, defaultHeaders: createHeaders({ apiKey: ACTIVE, config: 'chat' }) })
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
    expect(completion.choices[0].message.content).toBe('Hello from the emulator!')
    expect(upstream.requests[0].headers.authorization).toBe(`Bearer ${CANARY}`)
  })

  test('a key as the OpenAI SDK apiKey (Authorization: Bearer usk_…) is the gateway key, never sent upstream', async () => {
    const client = new OpenAI({ apiKey: ACTIVE, baseURL: `${gateway.url}/v1`, maxRetries: 0, defaultHeaders: { 'x-portkey-config': 'chat' } })
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
    expect(upstream.requests[0].headers.authorization).toBe(`Bearer ${CANARY}`)
    // With header routing and no provider key, the gateway key is still not taken for one.
    await chat({ ...byokHeaders(), authorization: `Bearer ${ACTIVE}`, 'x-portkey-forward-headers': 'x-portkey-api-key,authorization' })
    await chat({ ...byokHeaders(), 'x-portkey-api-key': ACTIVE, 'x-portkey-forward-headers': 'x-portkey-api-key' })
    expect(upstream.requests).toHaveLength(3)
    for (const request of upstream.requests) expect(JSON.stringify(request.headers)).not.toContain(ACTIVE)
  })

  test.each([
    ['an unknown key', { 'x-portkey-api-key': UNKNOWN }, 401, 'invalid_gateway_key', UNKNOWN],
    ['an unknown key as a bearer', { authorization: `Bearer ${UNKNOWN}` }, 401, 'invalid_gateway_key', UNKNOWN],
    ['a value that is not a gateway key', { 'x-portkey-api-key': 'pk-live-portkey-cloud' }, 401, 'invalid_gateway_key', 'pk-live-portkey-cloud'],
    ['a revoked key', { 'x-portkey-api-key': REVOKED }, 403, 'revoked_gateway_key', REVOKED],
    ['an expired key', { 'x-portkey-api-key': EXPIRED }, 403, 'expired_gateway_key', EXPIRED],
  ])('%s is refused (%i %s) without echoing it', async (_, headers, status, code, secret) => {
    const answer = await chat({ ...headers, 'x-portkey-config': 'chat' })
    expect(answer.status).toBe(status)
    expect(answer.json.error.code).toBe(code)
    expect(answer.text).not.toContain(secret)
    expect(upstream.requests).toHaveLength(0)
  })

  test('a refused key cannot fall back to bring-your-own-key either', async () => {
    expect((await chat({ 'x-portkey-api-key': REVOKED, ...byokHeaders() })).status).toBe(403)
  })
})

describe('with no key ever created (local development)', () => {
  test('saved configs and integrations are open to anyone who reaches the gateway', async () => {
    const answer = await openCalls.chat({ 'x-portkey-config': 'chat' })
    expect(answer.status).toBe(200)
    expect(upstream.requests[0].headers.authorization).toBe(`Bearer ${CANARY}`)
  })
})

describe('REQUIRE_GATEWAY_KEY = "true"', () => {
  test('bring-your-own-key needs a gateway key too', async () => {
    const refused = await strictCalls.chat(byokHeaders())
    expect(refused.status).toBe(401)
    expect(refused.json.error.code).toBe('missing_gateway_key')
    expect((await strictCalls.chat({ ...byokHeaders(), 'x-portkey-api-key': ACTIVE })).status).toBe(200)
  })
})

test('the stored key and every gateway key appear in no answer and no log line', () => {
  expectNoLeak(CANARY, ACTIVE, REVOKED, EXPIRED, UNKNOWN)
  openCalls.expectNoLeak(CANARY)
  strictCalls.expectNoLeak(CANARY, ACTIVE)
})
