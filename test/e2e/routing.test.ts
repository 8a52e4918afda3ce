import OpenAI from 'openai'
import { createHeaders } from 'portkey-ai'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { Emulator } from '../emulators/core'
import { errorFault, startOpenAIEmulator } from '../emulators/openai'
import { startGateway, type Gateway } from '../helpers/gateway'

const STORED_KEY = 'sk-stored-canary-51c2e'
let primary: Emulator
let secondary: Emulator
let gateway: Gateway

beforeAll(async () => {
  primary = await startOpenAIEmulator()
  secondary = await startOpenAIEmulator()
  gateway = await startGateway({
    // A small body limit, so that the oversized body is sent whole before the 413 comes back.
    vars: { MAX_BODY_BYTES: '16384' },
    secrets: { PRIMARY_KEY: STORED_KEY, SECONDARY_KEY: `${STORED_KEY}-2` },
    kv: {
      'integration:primary': { provider: 'openai', secret: 'PRIMARY_KEY', custom_host: `${primary.url}/v1` },
      'integration:secondary': { provider: 'openai', secret: 'SECONDARY_KEY', custom_host: `${secondary.url}/v1` },
      'config:two-step': {
        strategy: { mode: 'fallback' },
        targets: [
          { virtual_key: 'primary', override_params: { model: 'primary-model' } },
          { virtual_key: 'secondary', override_params: { model: 'secondary-model' } },
        ],
      },
    },
  })
})
afterAll(async () => {
  await gateway?.dispose()
  await primary?.close()
  await secondary?.close()
})
beforeEach(() => {
  primary.reset()
  secondary.reset()
})

const chat = (headers: Record<string, string>, body: Record<string, unknown> = {}) =>
  fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], ...body }),
  })

const sdk = (config: string | object) =>
  new OpenAI({ apiKey: 'X', baseURL: `${gateway.url}/v1`, maxRetries: 0, defaultHeaders: createHeaders({ config }) })

describe('fallback and retry', () => {
  test('a saved config falls back from a failing primary and reports where the answer came from', async () => {
    primary.enqueue(errorFault('server'))
    const { data, response } = await sdk('two-step').chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'Hi' }] }).withResponse()
    expect(data.choices[0].message.content).toBe('Hello from the emulator!')
    expect(response.headers.get('x-portkey-last-used-option-index')).toBe('config.targets[1]')
    expect(secondary.requests[0].json.model).toBe('secondary-model')
    expect(secondary.requests[0].headers.authorization).toBe(`Bearer ${STORED_KEY}-2`)
  })

  test('a streaming request falls back before its first event', async () => {
    primary.enqueue({ reset: true })
    const stream = sdk('two-step').chat.completions.stream({ model: 'x', messages: [{ role: 'user', content: 'Hi' }] })
    expect((await stream.finalChatCompletion()).choices[0].message.content).toBe('Hello from the emulator!')
    expect(secondary.requests).toHaveLength(1)
  })

  test('retries honour retry-after-ms and count in x-portkey-retry-attempt-count', async () => {
    primary.enqueue(errorFault('rate_limit'), errorFault('rate_limit'))
    const config = { retry: { attempts: 3 }, virtual_key: 'primary' }
    const response = await chat({ 'x-portkey-config': JSON.stringify(config) })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-portkey-retry-attempt-count')).toBe('2')
    expect(primary.requests).toHaveLength(3)
  })

  test('on_status_codes limits which failures fall back', async () => {
    primary.enqueue(errorFault('bad_request'))
    const config = { strategy: { mode: 'fallback', on_status_codes: [429, 503] }, targets: [{ virtual_key: 'primary' }, { virtual_key: 'secondary' }] }
    const response = await chat({ 'x-portkey-config': JSON.stringify(config) })
    expect(response.status).toBe(400)
    expect(secondary.requests).toHaveLength(0)
  })

  test('when every target fails the envelope lists each attempt with the final status', async () => {
    primary.enqueue(errorFault('server'))
    secondary.enqueue(errorFault('overloaded'))
    const response = await chat({ 'x-portkey-config': 'two-step' })
    const body = await response.json()
    expect(response.status).toBe(503)
    expect(body.error.attempts.at(-1).status).toBe(503)
    expect(body.error.attempts.map((a: { target: string }) => a.target)).toEqual(['config.targets[0]', 'config.targets[1]'])
    expect(JSON.stringify(body)).not.toContain(STORED_KEY)
  })

  test('a loadbalance pick that fails moves on to its sibling', async () => {
    primary.setDefaultFault(errorFault('server'))
    const config = { strategy: { mode: 'loadbalance' }, targets: [{ virtual_key: 'primary', weight: 1 }, { virtual_key: 'secondary', weight: 1 }] }
    for (let i = 0; i < 4; i++) expect((await chat({ 'x-portkey-config': JSON.stringify(config) })).status).toBe(200)
    expect(secondary.requests).toHaveLength(4)
  })

  test('a conditional config routes on metadata', async () => {
    const config = {
      strategy: { mode: 'conditional', conditions: [{ query: { 'metadata.plan': { $eq: 'paid' } }, then: 'fast' }], default: 'slow' },
      targets: [{ name: 'fast', virtual_key: 'primary' }, { name: 'slow', virtual_key: 'secondary' }],
    }
    await chat({ 'x-portkey-config': JSON.stringify(config), 'x-portkey-metadata': JSON.stringify({ plan: 'paid' }) })
    await chat({ 'x-portkey-config': JSON.stringify(config), 'x-portkey-metadata': JSON.stringify({ plan: 'free' }) })
    expect(primary.requests).toHaveLength(1)
    expect(secondary.requests).toHaveLength(1)
  })

  test('a target whose provider lacks the endpoint is skipped, not fatal', async () => {
    const config = { strategy: { mode: 'fallback' }, targets: [{ provider: 'perplexity-ai', api_key: 'k' }, { virtual_key: 'secondary' }] }
    const response = await fetch(`${gateway.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-portkey-config': JSON.stringify(config) },
      body: JSON.stringify({ model: 'text-embedding-3-small', input: 'a', encoding_format: 'float' }),
    })
    expect(response.status).toBe(200)
  })

  test('the legacy body form {config, params} is accepted (seed 002)', async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        config: { mode: 'fallback', options: [{ virtual_key: 'primary', override_params: { model: 'gpt-3.5-turbo' } }, { virtual_key: 'secondary' }] },
        params: { messages: [{ role: 'user', content: 'What are the top 10 happiest countries in the world?' }], max_tokens: 50, user: 'jbu3470' },
      }),
    })
    expect(response.status).toBe(200)
    expect(primary.requests[0].json).toMatchObject({ model: 'gpt-3.5-turbo', max_tokens: 50, user: 'jbu3470' })
  })
})

describe('bad input gets a clear 4xx', () => {
  const cases: Array<[string, () => Promise<Response>, number, RegExp]> = [
    ['malformed JSON', () => fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'x-portkey-provider': 'openai' }, body: '{"model":' }), 400, /not valid JSON/],
    ['wrong types', () => chat({ 'x-portkey-provider': 'openai' }, { messages: 'hi' }), 400, /messages/],
    ['unknown provider', () => chat({ 'x-portkey-provider': 'opanai' }), 400, /openai/],
    ['no provider at all', () => chat({}), 400, /x-portkey-provider|x-portkey-config/],
    ['bad config key', () => chat({ 'x-portkey-config': JSON.stringify({ strategy: { mode: 'fallback' }, targetz: [] }) }), 400, /targets/],
    ['missing saved config', () => chat({ 'x-portkey-config': 'nope' }), 400, /nope/],
    ['config not JSON', () => chat({ 'x-portkey-config': '{"strategy":' }), 400, /config/],
    ['oversized body', () => chat({ 'x-portkey-provider': 'openai' }, { padding: 'x'.repeat(32 * 1024) }), 413, /larger than the limit of 16384 bytes/],
    ['stored key with a caller host', () => chat({ 'x-portkey-virtual-key': 'primary', 'x-portkey-custom-host': `${secondary.url}/v1` }), 400, /custom_host|host/],
    ['private caller host', () => chat({ 'x-portkey-provider': 'openai', authorization: 'Bearer k', 'x-portkey-custom-host': 'http://10.1.2.3/v1' }), 400, /10\.1\.2\.3|private/],
    ['unknown endpoint', () => fetch(`${gateway.url}/v1/chat/complete`, { method: 'POST' }), 404, /chat\/complete/],
  ]
  for (const [name, send, status, message] of cases) {
    test(`${name} → ${status}`, async () => {
      const response = await send()
      const body = await response.json()
      expect(response.status).toBe(status)
      expect(body.error.message).toMatch(message)
      expect(JSON.stringify(body)).not.toContain(STORED_KEY)
    })
  }
})

describe('secrets stay secret', () => {
  test('no stored key appears in any log line the Worker wrote during these tests', () => {
    expect(gateway.logs.length).toBeGreaterThan(0)
    for (const line of gateway.logs) expect(line).not.toContain(STORED_KEY)
  })
})
