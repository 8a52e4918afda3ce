import OpenAI from 'openai'
import { createHeaders } from 'portkey-ai'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { errorFault, startOpenAIEmulator } from '../emulators/openai'
import type { Emulator } from '../emulators/core'
import { startGateway, type Gateway } from '../helpers/gateway'

const CALLER_KEY = 'sk-caller-key-0001'
const STORED_KEY = 'sk-stored-canary-7f3a9'

let upstream: Emulator
let gateway: Gateway

beforeAll(async () => {
  upstream = await startOpenAIEmulator()
  gateway = await startGateway({
    secrets: { OPENAI_PROD_KEY: STORED_KEY },
    kv: { 'integration:openai-local': { provider: 'openai', secret: 'OPENAI_PROD_KEY', custom_host: `${upstream.url}/v1` } },
  })
})
afterAll(async () => {
  await gateway?.dispose()
  await upstream?.close()
})
beforeEach(() => upstream.reset())

/** The official SDK, bring-your-own-key, pointed at the gateway with Portkey's own headers. */
function byokClient() {
  return new OpenAI({
    apiKey: CALLER_KEY,
    baseURL: `${gateway.url}/v1`,
    maxRetries: 0,
    defaultHeaders: createHeaders({ provider: 'openai', customHost: `${upstream.url}/v1` }),
  })
}

describe('the official openai SDK through the gateway', () => {
  test('chat completion: the answer, the trace headers and the caller key reaching the provider', async () => {
    const { data, response } = await byokClient()
      .chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse()
    expect(data.choices[0].message.content).toBe('Hello from the emulator!')
    expect(data.choices[0].finish_reason).toBe('stop')
    expect(data.usage?.total_tokens).toBeGreaterThan(0)
    expect(response.headers.get('x-portkey-provider')).toBe('openai')
    expect(response.headers.get('x-portkey-last-used-option-index')).toBe('config')
    expect(response.headers.get('x-portkey-retry-attempt-count')).toBe('0')
    expect(response.headers.get('x-portkey-trace-id')).toMatch(/[0-9a-f-]{36}/)
    expect(upstream.requests[0].headers.authorization).toBe(`Bearer ${CALLER_KEY}`)
    expect(upstream.requests[0].url).toBe('/v1/chat/completions')
  })

  test('streaming chat with include_usage accumulates to a complete message', async () => {
    const stream = byokClient().chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      stream_options: { include_usage: true },
    })
    const final = await stream.finalChatCompletion()
    expect(final.choices[0].message.content).toBe('Hello from the emulator!')
    expect(final.choices[0].finish_reason).toBe('stop')
    expect(final.usage?.total_tokens).toBeGreaterThan(0)
  })

  test('tool calls stream and assemble, and response_format passes through', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }]
    const stream = byokClient().chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Weather? #tool' }],
      tools,
      response_format: { type: 'json_object' },
    })
    const final = await stream.finalChatCompletion()
    expect(final.choices[0].finish_reason).toBe('tool_calls')
    expect(JSON.parse(final.choices[0].message.tool_calls![0].function.arguments)).toEqual({ city: 'Paris' })
    expect(upstream.requests[0].json.response_format).toEqual({ type: 'json_object' })
  })

  test('completions, embeddings (float and the SDK default base64), images and models', async () => {
    const client = byokClient()
    const completion = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say hi' })
    expect(completion.choices[0].text.length).toBeGreaterThan(0)
    const floats = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'float' })
    expect(floats.data).toHaveLength(2)
    expect(typeof floats.data[0].embedding[0]).toBe('number')
    const decoded = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'a' })
    expect(upstream.requests.at(-1)!.json.encoding_format).toBe('base64')
    expect(decoded.data[0].embedding).toEqual(floats.data[0].embedding)
    const image = await client.images.generate({ model: 'dall-e-3', prompt: 'a fox', response_format: 'b64_json' })
    expect(image.data![0].b64_json!.length).toBeGreaterThan(10)
    const models = await client.models.list()
    expect(models.data.length).toBeGreaterThan(0)
  })

  test('a provider error comes back in the OpenAI envelope as the SDK error class', async () => {
    upstream.enqueue(errorFault('auth'))
    const error = await byokClient().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }).catch((e) => e)
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError)
    expect(error.error.attempts[0]).toMatchObject({ target: 'config', provider: 'openai', status: 401 })
  })
})
