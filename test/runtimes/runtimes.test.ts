import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { Emulator } from '../emulators/core'
import { errorFault, startOpenAIEmulator } from '../emulators/openai'
import { startGateway } from '../helpers/gateway'
import type { RunningRuntime, RuntimeSetup } from './runtime-harness'
import { startDeno } from './start-deno'
import { startEdgeRuntime } from './start-edge-runtime'
import { startUpstashEmulator, type UpstashEmulator } from './upstash-emulator'

// One suite, every runtime: the same built bundle (dist/worker.js) on workerd, Deno and Vercel's
// edge-runtime, each with its own config store and its own way of passing secrets.

const PRIMARY_KEY = 'sk-primary-runtime-7f1'
const SECONDARY_KEY = 'sk-secondary-runtime-7f2'
let primary: Emulator
let secondary: Emulator
let upstash: UpstashEmulator

function setup(): RuntimeSetup {
  return {
    secrets: { PRIMARY_KEY, SECONDARY_KEY },
    entries: {
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
  }
}

interface RuntimeCase {
  name: string
  store: string
  start(setup: RuntimeSetup): Promise<RunningRuntime>
  running?: RunningRuntime
}

const runtimes: RuntimeCase[] = [
  {
    name: 'workerd',
    store: 'Workers KV',
    async start({ secrets, entries }) {
      const gateway = await startGateway({ secrets, kv: entries })
      return { url: gateway.url, close: () => gateway.dispose() }
    },
  },
  { name: 'Deno', store: 'Deno KV', start: (runtimeSetup) => startDeno(runtimeSetup, 'deno-kv') },
  {
    name: 'Vercel Edge',
    store: 'Upstash Redis REST',
    start({ secrets, entries }) {
      for (const [key, value] of Object.entries(entries)) upstash.data.set(key, JSON.stringify(value))
      return startEdgeRuntime({ ...secrets, KV_REST_API_URL: upstash.url, KV_REST_API_TOKEN: upstash.token })
    },
  },
]

const readOnly: RuntimeCase[] = [
  { name: 'Deno', store: 'UNDERSTUDY_CONFIGS', start: (runtimeSetup) => startDeno(runtimeSetup, 'json') },
  {
    name: 'Vercel Edge',
    store: 'UNDERSTUDY_CONFIGS',
    start: ({ secrets, entries }) => startEdgeRuntime({ ...secrets, UNDERSTUDY_CONFIGS: JSON.stringify(entries) }),
  },
]

beforeAll(async () => {
  ;[primary, secondary, upstash] = await Promise.all([startOpenAIEmulator(), startOpenAIEmulator(), startUpstashEmulator()])
  await Promise.all([...runtimes, ...readOnly].map(async (runtime) => (runtime.running = await runtime.start(setup()))))
})
afterAll(async () => {
  await Promise.all([...runtimes, ...readOnly].map((runtime) => runtime.running?.close()))
  await Promise.all([primary?.close(), secondary?.close(), upstash?.close()])
})
beforeEach(() => {
  primary.reset()
  secondary.reset()
})

const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }

function post(runtime: RuntimeCase, headers: Record<string, string>, body: string): Promise<Response> {
  return fetch(`${runtime.running!.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
}

const direct = () => ({ 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${primary.url}/v1`, authorization: 'Bearer sk-caller' })

/** The data lines of an SSE body, in order. */
function sseData(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim())
}

describe.each(runtimes)('on $name (config store: $store)', (runtime) => {
  test('answers a chat completion with the provider key the caller sent', async () => {
    const response = await post(runtime, direct(), JSON.stringify(CHAT))
    expect(response.status).toBe(200)
    expect((await response.json()).choices[0].message.content).toBe('Hello from the emulator!')
    expect(primary.requests[0].headers.authorization).toBe('Bearer sk-caller')
  })

  test('streams a chat completion as OpenAI chunks ending with [DONE]', async () => {
    const response = await post(runtime, direct(), JSON.stringify({ ...CHAT, stream: true }))
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const data = sseData(await response.text())
    expect(data.at(-1)).toBe('[DONE]')
    const text = data.slice(0, -1).map((line) => JSON.parse(line).choices[0]?.delta?.content ?? '').join('')
    expect(text).toBe('Hello from the emulator!')
  })

  test('falls back to the secondary when the primary answers 503', async () => {
    primary.enqueue(errorFault('overloaded'))
    const config = {
      strategy: { mode: 'fallback' },
      targets: [
        { provider: 'openai', api_key: 'sk-a', custom_host: `${primary.url}/v1` },
        { provider: 'openai', api_key: 'sk-b', custom_host: `${secondary.url}/v1` },
      ],
    }
    const response = await post(runtime, { 'x-portkey-config': JSON.stringify(config) }, JSON.stringify(CHAT))
    expect(response.status).toBe(200)
    expect(response.headers.get('x-portkey-last-used-option-index')).toBe('config.targets[1]')
    expect(primary.requests).toHaveLength(1)
    expect(secondary.requests[0].headers.authorization).toBe('Bearer sk-b')
  })

  test(`serves a saved config and its integrations from ${runtime.store}, with keys from the runtime's secrets`, async () => {
    const response = await post(runtime, { 'x-portkey-config': 'two-step' }, JSON.stringify(CHAT))
    expect(response.status).toBe(200)
    expect(primary.requests[0].json.model).toBe('primary-model')
    expect(primary.requests[0].headers.authorization).toBe(`Bearer ${PRIMARY_KEY}`)
  })

  test('answers malformed JSON with a 400 in the OpenAI error envelope', async () => {
    const response = await post(runtime, direct(), '{"model":')
    expect(response.status).toBe(400)
    expect((await response.json()).error.code).toBe('invalid_json')
    expect(primary.requests).toHaveLength(0)
  })
})

describe.each(readOnly)('on $name without a database (config store: $store)', (runtime) => {
  test('serves a saved config from the read-only UNDERSTUDY_CONFIGS variable', async () => {
    primary.enqueue(errorFault('overloaded'))
    const response = await post(runtime, { 'x-portkey-config': 'two-step' }, JSON.stringify(CHAT))
    expect(response.status).toBe(200)
    expect(response.headers.get('x-portkey-last-used-option-index')).toBe('config.targets[1]')
    expect(secondary.requests[0].headers.authorization).toBe(`Bearer ${SECONDARY_KEY}`)
  })

  test('reports an unknown saved config id as a 400', async () => {
    const response = await post(runtime, { 'x-portkey-config': 'missing-one' }, JSON.stringify(CHAT))
    expect(response.status).toBe(400)
    expect((await response.json()).error.code).toBe('config_not_found')
  })
})
