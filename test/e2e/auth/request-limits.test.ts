import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { Emulator } from '../../emulators/core'
import { startOpenAIEmulator } from '../../emulators/openai'
import { startGateway, type Gateway } from '../../helpers/gateway'
import { CANARY, recorder } from './auth-fixtures'

let upstream: Emulator
let gateway: Gateway
const { call, chat, expectNoLeak } = recorder(() => gateway)

beforeAll(async () => {
  upstream = await startOpenAIEmulator()
  gateway = await startGateway({
    secrets: { PRIMARY_KEY: CANARY },
    vars: { MAX_BODY_BYTES: '4096' },
    kv: { 'integration:primary': { provider: 'openai', secret: 'PRIMARY_KEY', custom_host: `${upstream.url}/v1` } },
  })
})
afterAll(async () => {
  await gateway?.dispose()
  await upstream?.close()
})
beforeEach(() => upstream.reset())

const byok = () => ({ 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstream.url}/v1`, authorization: 'Bearer sk-own' })
const target = () => ({ provider: 'openai', api_key: 'sk-own', custom_host: `${upstream.url}/v1` })

function nested(depth: number): object {
  let node: object = target()
  for (let level = 0; level < depth; level++) node = { strategy: { mode: 'fallback' }, targets: [node] }
  return node
}

describe('request limits, each a clear 4xx', () => {
  test.each([
    ['x-portkey-config over 16 KiB', 'x-portkey-config', `{"x":"${'a'.repeat(16 * 1024)}"}`],
    ['x-portkey-metadata over 2 KiB', 'x-portkey-metadata', JSON.stringify({ note: 'a'.repeat(2048) })],
    ['any other header over 8 KiB', 'x-app-context', 'a'.repeat(8 * 1024 + 1)],
  ])('%s: 431 naming the header', async (_, name, value) => {
    const answer = await chat({ ...byok(), [name]: value })
    expect(answer.status).toBe(431)
    expect(answer.json.error).toMatchObject({ code: 'header_too_large', param: name })
    expect(answer.json.error.message).toContain(name)
    expect(upstream.requests).toHaveLength(0)
  })

  test('a body over MAX_BODY_BYTES: 413', async () => {
    const answer = await chat(byok(), { messages: [{ role: 'user', content: 'a'.repeat(5000) }] })
    expect(answer.status).toBe(413)
    expect(answer.json.error.code).toBe('request_too_large')
  })

  test('a config nested more than 10 levels deep: 400', async () => {
    expect((await chat({ 'x-portkey-config': JSON.stringify(nested(10)) })).status).toBe(200)
    const answer = await chat({ 'x-portkey-config': JSON.stringify(nested(11)) })
    expect(answer.status).toBe(400)
    expect(answer.json.error.message).toContain('more than 10 levels deep')
  })

  test('a config with more than 100 targets: 400', async () => {
    const targets = Array.from({ length: 101 }, () => ({ provider: 'openai', api_key: 'k' }))
    const answer = await chat({ 'x-portkey-config': JSON.stringify({ strategy: { mode: 'loadbalance' }, targets }) })
    expect(answer.status).toBe(400)
    expect(answer.json.error.message).toContain('at most 100 are allowed')
  })

  test('an image request for more than 10 images (n parallel requests on Stability): 400', async () => {
    const answer = await call('/v1/images/generations', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...byok() },
      body: JSON.stringify({ model: 'dall-e-2', prompt: 'a cat', n: 11 }),
    })
    expect(answer.status).toBe(400)
    expect(answer.json.error).toMatchObject({ param: 'n', code: 'too_many_images' })
    expect(upstream.requests).toHaveLength(0)
  })
})

test('the stored key appears in no answer and no log line', () => {
  expectNoLeak(CANARY)
})
