import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { ANTHROPIC_EMULATOR_KEY, startAnthropicEmulator } from '../emulators/anthropic'
import type { Emulator } from '../emulators/core'
import { errorFault, startOpenAIEmulator } from '../emulators/openai'
import { startGateway, type Gateway } from '../helpers/gateway'

// Short clocks keep these tests quick; nothing here measures time.
const CLOCKS = { headers_ms: 400, first_token_ms: 400, idle_ms: 400 }
// The emulators are shared by every test here; only the breaker test lets failures add up.
const NO_BREAKER = { enabled: false }
let primary: Emulator
let secondary: Emulator
let claude: Emulator
let gateway: Gateway

beforeAll(async () => {
  ;[primary, secondary, claude] = await Promise.all([startOpenAIEmulator(), startOpenAIEmulator(), startAnthropicEmulator()])
  gateway = await startGateway({
    secrets: { PRIMARY_KEY: 'sk-primary', SECONDARY_KEY: 'sk-secondary', CLAUDE_KEY: ANTHROPIC_EMULATOR_KEY },
    kv: {
      'integration:primary': { provider: 'openai', secret: 'PRIMARY_KEY', custom_host: `${primary.url}/v1` },
      'integration:secondary': { provider: 'openai', secret: 'SECONDARY_KEY', custom_host: `${secondary.url}/v1` },
      'integration:claude': { provider: 'anthropic', secret: 'CLAUDE_KEY', custom_host: claude.url },
    },
  })
})
afterAll(async () => {
  await gateway?.dispose()
  await Promise.all([primary?.close(), secondary?.close(), claude?.close()])
})
beforeEach(() => {
  for (const emulator of [primary, secondary, claude]) emulator.reset()
})

const pair = (extra: Record<string, unknown> = {}, second: Record<string, unknown> = { virtual_key: 'secondary' }) => ({
  strategy: { mode: 'fallback' },
  timeouts: CLOCKS,
  circuit_breaker: NO_BREAKER,
  targets: [{ virtual_key: 'primary' }, second],
  ...extra,
})

async function send(config: object, body: Record<string, unknown> = {}, signal?: AbortSignal) {
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    signal,
    headers: { 'content-type': 'application/json', 'x-portkey-config': JSON.stringify(config) },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], ...body }),
  })
}

/** The stream's data payloads, parsed (the terminator as the string '[DONE]'). */
async function events(response: Response): Promise<any[]> {
  const text = await response.text()
  return text.split('\n\n').filter(Boolean).map((event) => event.slice(6)).map((data) => (data === '[DONE]' ? data : JSON.parse(data)))
}
const textOf = (chunks: any[]) => chunks.filter((c) => c !== '[DONE]' && c.choices).map((c) => c.choices[0]?.delta?.content ?? '').join('')

describe('before the commit point, every failure moves on unnoticed', () => {
  const cases: Array<[string, () => void]> = [
    ['a 429 without Retry-After', () => primary.enqueue({ status: 429, body: { error: { message: 'slow down', type: 'requests', code: 'rate_limit_exceeded' } } })],
    ['a persistent 503', () => primary.setDefaultFault(errorFault('overloaded'))],
    ['a reset before headers', () => primary.enqueue({ reset: true })],
    ['no response at all', () => primary.enqueue({ hang: true })],
    ['a slow first token', () => primary.enqueue({ delayFirstEventMs: 3_000 })],
    ['an error event inside the 200 stream', () => primary.enqueue({ answer: { events: [`data: ${JSON.stringify({ error: { message: 'overloaded', type: 'server_error' } })}\n\n`] } })],
    ['a stream that ends before any content', () => primary.enqueue({ cutAfterEvents: 1 })],
  ]
  for (const [name, inject] of cases) {
    test(`${name}: the stream comes whole from the fallback`, async () => {
      inject()
      const response = await send(pair(), { stream: true })
      const chunks = await events(response)
      expect(textOf(chunks)).toBe('Hello from the emulator!')
      expect(chunks.at(-1)).toBe('[DONE]')
      expect(response.headers.get('x-portkey-last-used-option-index')).toBe('config.targets[1]')
      expect(response.headers.get('x-understudy-attempts')).toMatch(/^config\.targets\[0\] openai \d+ \w+ \d+ms, config\.targets\[1\] openai 200 success/)
    })
  }

  test('a 429 with Retry-After, then a 500, are retried on the same target', async () => {
    primary.enqueue(errorFault('rate_limit'), errorFault('server'))
    const response = await send({ ...pair(), retry: { attempts: 2 } })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-portkey-last-used-option-index')).toBe('config.targets[0]')
    expect(response.headers.get('x-portkey-retry-attempt-count')).toBe('2')
  })
})

describe('the terminal guarantee', () => {
  test('a stream that misses [DONE] is finalised with one', async () => {
    primary.enqueue({ omitTerminator: true })
    const chunks = await events(await send({ virtual_key: 'primary', timeouts: CLOCKS }, { stream: true }))
    expect(textOf(chunks)).toBe('Hello from the emulator!')
    expect(chunks.at(-1)).toBe('[DONE]')
  })

  test('a malformed chunk is skipped and logged; the stream goes on', async () => {
    primary.enqueue({ malformedEventAt: 2 })
    const chunks = await events(await send({ virtual_key: 'primary', timeouts: CLOCKS }, { stream: true }))
    expect(chunks.at(-1)).toBe('[DONE]')
    expect(textOf(chunks)).toBe('Hello the emulator!')
    await until(() => gateway.logs.some((line) => line.includes('skipped a stream event')))
  })

  test('a cut stream with nothing to continue on ends with an in-band error, never [DONE]', async () => {
    primary.enqueue({ cutAfterEvents: 3, delayBetweenEventsMs: 30 })
    const chunks = await events(await send({ virtual_key: 'primary', timeouts: CLOCKS }, { stream: true }))
    expect(textOf(chunks)).toBe('Hello from')
    expect(chunks.at(-1).error.code).toMatch(/stream_(interrupted|truncated)/)
    expect(chunks).not.toContain('[DONE]')
  })

  test('the openai SDK throws on that in-band error instead of returning a short answer', async () => {
    primary.enqueue({ stallAfterEvents: 3, delayBetweenEventsMs: 30 })
    const client = new OpenAI({ apiKey: 'x', baseURL: `${gateway.url}/v1`, maxRetries: 0, defaultHeaders: { 'x-portkey-config': JSON.stringify({ virtual_key: 'primary', timeouts: CLOCKS }) } })
    const stream = client.chat.completions.stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
    await expect(stream.finalChatCompletion()).rejects.toThrow(/silent/)
  })
})

describe('mid-stream recovery', () => {
  const claudeSecond = { virtual_key: 'claude', override_params: { model: 'claude-emulator' } }

  for (const [name, fault] of [['cut', { cutAfterEvents: 3, delayBetweenEventsMs: 30 }], ['stalled', { stallAfterEvents: 3, delayBetweenEventsMs: 30 }]] as const) {
    test(`a ${name} stream continues on a target that takes a prefill, spliced into one answer`, async () => {
      primary.enqueue(fault)
      const response = await send(pair({}, claudeSecond), { stream: true, stream_options: { include_usage: true } })
      const chunks = await events(response)
      const sent = claude.requests[0].json
      expect(sent.messages.at(-1)).toMatchObject({ role: 'assistant' })
      expect(JSON.stringify(sent.messages.at(-1).content)).toContain('Hello from')
      expect(textOf(chunks)).toBe('Hello from' + 'Hello from the emulator!')
      expect(new Set(chunks.filter((c) => c !== '[DONE]').map((c) => c.id)).size).toBe(1)
      expect(chunks.filter((c) => c.choices?.[0]?.finish_reason)).toHaveLength(1)
      expect(chunks.at(-2).usage.total_tokens).toBeGreaterThan(0)
      expect(chunks.at(-1)).toBe('[DONE]')
    })
  }

  test('a target that rejects the prefill never replaces the real failure', async () => {
    primary.enqueue({ cutAfterEvents: 3, delayBetweenEventsMs: 30 })
    claude.enqueue({ status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'prefill not allowed' } } })
    const chunks = await events(await send(pair({}, claudeSecond), { stream: true }))
    expect(chunks.at(-1).error.code).toMatch(/stream_(interrupted|truncated)/)
    expect(JSON.stringify(chunks)).not.toContain('prefill not allowed')
  })

  test('can be turned off', async () => {
    primary.enqueue({ cutAfterEvents: 3, delayBetweenEventsMs: 30 })
    const chunks = await events(await send(pair({ mid_stream_recovery: false }, claudeSecond), { stream: true }))
    expect(chunks.at(-1).error).toBeDefined()
    expect(claude.requests).toHaveLength(0)
  })
})

describe('error classes', () => {
  test('context length: not retried, falls only to a target with a larger context', async () => {
    primary.enqueue(errorFault('context_length'))
    const config = {
      retry: { attempts: 3 },
      circuit_breaker: NO_BREAKER,
      targets: [{ virtual_key: 'primary', context_window: 8000 }, { virtual_key: 'secondary', context_window: 4000 }, { virtual_key: 'claude', context_window: 200000, override_params: { model: 'claude-emulator' } }],
    }
    const response = await send(config)
    expect(response.status).toBe(200)
    expect(primary.requests).toHaveLength(1)
    expect(secondary.requests).toHaveLength(0)
    expect(response.headers.get('x-portkey-provider')).toBe('anthropic')
  })

  test('context length with no larger target comes straight back', async () => {
    primary.enqueue(errorFault('context_length'))
    const response = await send(pair())
    expect(response.status).toBe(400)
    expect((await response.json()).error.code).toBe('context_length_exceeded')
    expect(secondary.requests).toHaveLength(0)
  })

  test('a content-policy refusal is returned by default, and routed around when asked', async () => {
    primary.enqueue(errorFault('content_filter'))
    expect((await send(pair())).status).toBe(400)
    expect(secondary.requests).toHaveLength(0)
    primary.enqueue(errorFault('content_filter'))
    expect((await send(pair({ on_content_policy: 'fallback' }))).status).toBe(200)
    expect(secondary.requests).toHaveLength(1)
  })
})

describe('hedging', () => {
  test('starts the next target when the first has not committed in time; the first to commit wins', async () => {
    primary.enqueue({ delayFirstEventMs: 2_000 })
    const config = { strategy: { mode: 'fallback' }, hedge: { after_ms: 50 }, circuit_breaker: NO_BREAKER, targets: [{ virtual_key: 'primary' }, { virtual_key: 'secondary' }] }
    const response = await send(config, { stream: true })
    expect(textOf(await events(response))).toBe('Hello from the emulator!')
    expect(response.headers.get('x-portkey-last-used-option-index')).toBe('config.targets[1]')
    await until(() => primary.requests[0]?.closedEarly === true)
  })
})

describe('circuit breakers', () => {
  test('a target that keeps failing is skipped, probed after its cool-down, and used again once it answers', async () => {
    const config = pair({ circuit_breaker: { failure_threshold: 2, cooldown_ms: 300 }, override_params: { model: 'breaker-test-model' } })
    primary.setDefaultFault(errorFault('server'))
    for (let i = 0; i < 4; i++) expect((await send(config)).status).toBe(200)
    expect(primary.requests).toHaveLength(2) // opened after two failures: the next two went straight to the fallback
    primary.setDefaultFault(undefined)
    await new Promise((resolve) => setTimeout(resolve, 350))
    const probe = await send(config)
    expect(probe.headers.get('x-portkey-last-used-option-index')).toBe('config.targets[0]')
    expect((await send(config)).headers.get('x-portkey-last-used-option-index')).toBe('config.targets[0]')
    expect(primary.requests).toHaveLength(4)
  })
})

describe('cancellation', () => {
  test('a client that goes away mid-stream aborts the upstream request', async () => {
    // A slow drip, so that the gateway's next write tells workerd the caller has gone.
    primary.enqueue({ delayBetweenEventsMs: 300 })
    const controller = new AbortController()
    const response = await send({ virtual_key: 'primary', timeouts: { ...CLOCKS, idle_ms: 60_000 } }, { stream: true }, controller.signal)
    const reader = response.body!.getReader()
    await reader.read()
    controller.abort()
    await until(() => primary.requests[0]?.closedEarly === true)
  })
  // Before the answer, the abort comes from request.signal, which local workerd never fires on a
  // client disconnect: test/unit/core/execute.test.ts covers that path with an injected fetch.
})

describe('honest accounting', () => {
  test('the answer reports the model and usage of the target that answered; the log lists every attempt', async () => {
    primary.enqueue(errorFault('server'))
    const response = await send(pair({}, { virtual_key: 'claude', override_params: { model: 'claude-emulator' } }))
    const body = await response.json()
    expect(body.model).toBe('claude-emulator')
    expect(body.usage.prompt_tokens).toBeGreaterThan(0)
    const trace = response.headers.get('x-portkey-trace-id')!
    await until(() => gateway.logs.some((line) => line.includes(trace)))
    const record = JSON.parse(gateway.logs.find((line) => line.includes(trace) && line.includes('"attempts"'))!)
    expect(record.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['error', 'success'])
  })
})

/** Polls until the condition holds (bounded: fails after 5 s). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('condition not met within 5 s')
}
