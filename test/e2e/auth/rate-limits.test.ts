import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { Emulator } from '../../emulators/core'
import { startOpenAIEmulator } from '../../emulators/openai'
import { USAGE } from '../../emulators/scenarios'
import { startGateway, type Gateway } from '../../helpers/gateway'
import { type Answer, CANARY, KEYS_ENABLED, gatewayKey, keyEntries, recorder } from './auth-fixtures'

const REQUESTS = gatewayKey('three-per-minute')
const UPFRONT = gatewayKey('upfront-tokens')
const COUNTED = gatewayKey('counted-tokens')
const STREAMED = gatewayKey('streamed-tokens')
const UNLIMITED = gatewayKey('unlimited')
const TOTAL = USAGE.prompt + USAGE.completion

let upstream: Emulator
let gateway: Gateway
let bare: Gateway
let isolated: Gateway
const { chat, expectNoLeak } = recorder(() => gateway)
const bareCalls = recorder(() => bare)
const isolatedCalls = recorder(() => isolated)

beforeAll(async () => {
  upstream = await startOpenAIEmulator()
  const kv = {
    ...KEYS_ENABLED,
    'integration:primary': { provider: 'openai', secret: 'PRIMARY_KEY', custom_host: `${upstream.url}/v1` },
    'config:chat': { virtual_key: 'primary' },
    ...keyEntries(REQUESTS, { id: 'key_00000000000000d1', policy: { rate_limit: { requests_per_minute: 3 } } }),
    ...keyEntries(UPFRONT, { id: 'key_00000000000000d2', policy: { rate_limit: { tokens_per_minute: 100 } } }),
    // Room for two answers of TOTAL tokens, not three.
    ...keyEntries(COUNTED, { id: 'key_00000000000000d3', policy: { rate_limit: { tokens_per_minute: 2 * TOTAL - 1 } } }),
    ...keyEntries(STREAMED, { id: 'key_00000000000000d4', policy: { rate_limit: { tokens_per_minute: 2 * TOTAL - 1 } } }),
    ...keyEntries(UNLIMITED, { id: 'key_00000000000000d5' }),
  }
  ;[gateway, bare, isolated] = await Promise.all([
    startGateway({ secrets: { PRIMARY_KEY: CANARY }, kv }),
    startGateway({ secrets: { PRIMARY_KEY: CANARY }, kv, rateLimiter: false }),
    startGateway({ secrets: { PRIMARY_KEY: CANARY }, kv, rateLimiter: false, vars: { RATE_LIMIT_SCOPE: 'isolate' } }),
  ])
})
afterAll(async () => {
  await Promise.all([gateway?.dispose(), bare?.dispose(), isolated?.dispose()])
  await upstream?.close()
})
beforeEach(() => upstream.reset())

const as = (key: string) => ({ 'x-portkey-api-key': key, 'x-portkey-config': 'chat' })

/** Sends requests one after another (pausing so that each answer's token count lands) until one is refused. */
async function untilRefused(send: () => Promise<Answer>, most = 6): Promise<{ allowed: number; refusal: Answer }> {
  for (let allowed = 0; allowed < most; allowed++) {
    const answer = await send()
    if (answer.status === 429) return { allowed, refusal: answer }
    expect(answer.status).toBe(200)
    await sleep(150)
  }
  throw new Error(`no refusal after ${most} requests`)
}

describe('per-key rate limits (Durable Object RATE_LIMITER)', () => {
  test('concurrent requests over the request limit get 429 with Retry-After; exactly the limit get through', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => chat(as(REQUESTS))))
    const statuses = answers.map((answer) => answer.status).sort()
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429])
    expect(upstream.requests).toHaveLength(3)
    for (const refused of answers.filter((answer) => answer.status === 429)) {
      const retryAfter = Number(refused.headers.get('retry-after'))
      // A burst early in a minute still weighs on the next one: the wait may exceed 60 s, never 120 s.
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 120).toBe(true)
      expect(refused.headers.get('x-ratelimit-limit-requests')).toBe('3')
      expect(refused.headers.get('x-ratelimit-remaining-requests')).toBe('0')
      expect(refused.headers.get('x-ratelimit-reset-requests')).toBe(`${retryAfter}s`)
      expect(refused.json.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' })
      expect(refused.json.error.message).toContain('3 requests per minute')
    }
    const allowed = answers.find((answer) => answer.status === 200)!
    expect(allowed.headers.get('x-ratelimit-limit-requests')).toBe('3')
  })

  test('a token limit charges max_tokens × n up front', async () => {
    const stream = { stream: true, max_tokens: 60 }
    const first = await chat(as(UPFRONT), stream)
    expect(first.status).toBe(200)
    expect(first.headers.get('x-ratelimit-remaining-tokens')).toBe('40')
    const second = await chat(as(UPFRONT), stream)
    expect(second.status).toBe(429)
    expect(second.json.error.message).toContain('100 tokens per minute')
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
  })

  test('a token limit counts usage.total_tokens of JSON answers', async () => {
    const { allowed, refusal } = await untilRefused(() => chat(as(COUNTED)))
    expect(allowed).toBe(2)
    expect(refusal.headers.get('x-ratelimit-limit-tokens')).toBe(String(2 * TOTAL - 1))
  })

  test('a token limit counts the usage chunk of a stream, read as it passes', async () => {
    const { allowed } = await untilRefused(() => chat(as(STREAMED), { stream: true, stream_options: { include_usage: true } }))
    expect(allowed).toBe(2)
  })

  test('a stream that would not be counted is refused under a token limit', async () => {
    const answer = await chat(as(STREAMED), { stream: true })
    expect(answer.status).toBe(400)
    expect(answer.json.error.code).toBe('token_limit_needs_count')
  })

  test('a key without limits makes no rate-limit round trip: it works without the binding', async () => {
    const answer = await bareCalls.chat(as(UNLIMITED))
    expect(answer.status).toBe(200)
    expect(answer.headers.get('x-ratelimit-limit-requests')).toBeNull()
    const limited = await bareCalls.chat(as(REQUESTS))
    expect(limited.status).toBe(500)
    expect(limited.json.error.code).toBe('rate_limiter_missing')
  })

  test('without the binding, RATE_LIMIT_SCOPE=isolate counts in the process: the limit holds, then 429', async () => {
    const { allowed, refusal } = await untilRefused(() => isolatedCalls.chat(as(REQUESTS)))
    expect(allowed).toBe(3)
    expect(refusal.json.error.code).toBe('rate_limit_exceeded')
    expect(Number(refusal.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(refusal.headers.get('x-ratelimit-remaining-requests')).toBe('0')
  })
})

test('the stored key and the gateway keys appear in no answer and no log line', () => {
  expectNoLeak(CANARY, REQUESTS, UPFRONT, COUNTED, STREAMED, UNLIMITED)
  bareCalls.expectNoLeak(CANARY, UNLIMITED, REQUESTS)
  isolatedCalls.expectNoLeak(CANARY, REQUESTS)
})
