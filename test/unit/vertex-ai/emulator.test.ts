import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { OpenAIBody, Target } from '../../../providers/types'
import { clearVertexTokenCache, vertexAdapter } from '../../../providers/vertex-ai/index'
import { type GeminiEmulator, errorFault, startGeminiEmulator } from '../../emulators/gemini'
import { createTestServiceAccount } from '../../emulators/gemini-auth'
import { emulatorVector } from '../../emulators/gemini-embeddings'
import { TEXT_ANSWER, TOOL_ARGUMENTS, USAGE } from '../../emulators/scenarios'
import { runAdapter } from '../../helpers/run-adapter'

let emulator: GeminiEmulator
const target = (apiKey = emulator.serviceAccount!): Target => ({
  path: 'config', provider: 'vertex-ai', apiKey, keySource: 'secret', baseUrl: emulator.url,
  // A ready access token names no project; a service account does.
  options: { vertexRegion: 'europe-west4', ...(apiKey.startsWith('{') ? {} : { vertexProjectId: 'emulator-project' }) },
})
const chat = (body: Partial<OpenAIBody>, apiKey?: string) => runAdapter(vertexAdapter, 'chat', { model: 'gemini-2.5-flash', ...body } as OpenAIBody, target(apiKey))
const say = (text: string) => [{ role: 'user', content: text }]
const streamText = (chunks: any[]) => chunks.flatMap((chunk) => chunk.choices.map((choice: any) => choice.delta.content ?? '')).join('')

beforeAll(async () => {
  emulator = await startGeminiEmulator({ vertex: true })
})
afterAll(() => emulator.close())
beforeEach(() => {
  emulator.reset()
  clearVertexTokenCache()
})

describe('Vertex AI emulator through the adapter', () => {
  it('trades the service account’s JWT for a token at /token, then calls Gemini with it', async () => {
    const result = await chat({ messages: say('Hi') })
    expect(result.json.choices[0].message.content).toBe(TEXT_ANSWER)
    const [token, call] = emulator.requests
    expect(token.url).toBe('/token')
    expect(call.url).toBe('/v1/projects/emulator-project/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent')
    expect(call.headers.authorization).toMatch(/^Bearer ya29\.emulator-/)
    expect(emulator.issuedTokens.has(call.headers.authorization!.slice(7))).toBe(true)
  })

  it('reuses the cached token for the next request', async () => {
    await chat({ messages: say('Hi') })
    await chat({ messages: say('Hi') })
    expect(emulator.requests.filter((request) => request.url === '/token')).toHaveLength(1)
  })

  it('is refused (401) when the JWT is signed by a key the token endpoint does not trust', async () => {
    const stranger = createTestServiceAccount(`${emulator.url}/token`)
    const result = await chat({ messages: say('Hi') }, stranger.json).catch((error) => ({ error }))
    expect((result as any).error).toMatchObject({ status: 401, code: 'invalid_api_key' })
    expect(emulator.requests.map((request) => request.url)).toEqual(['/token'])
  })

  it('answers 401 UNAUTHENTICATED for an unknown bearer token, mapped to invalid_api_key', async () => {
    const result = await chat({ messages: say('Hi') }, 'ya29.not-issued')
    expect(result.status).toBe(401)
    expect(result.error).toMatchObject({ status: 401, code: 'invalid_api_key', provider: 'vertex-ai' })
  })

  it('streams Gemini over SSE with usage', async () => {
    const result = await chat({ messages: say('Hi'), stream: true, stream_options: { include_usage: true } })
    expect(streamText(result.chunks!)).toBe(TEXT_ANSWER)
    expect(result.chunks!.at(-1)!.usage).toMatchObject({ prompt_tokens: USAGE.prompt, completion_tokens: USAGE.completion })
  })

  it('maps Google errors from Vertex', async () => {
    await chat({ messages: say('Hi') }) // the token is cached, so the faults hit the calls
    emulator.enqueue(errorFault('rate_limit', { vertex: true }))
    expect((await chat({ messages: say('Hi') })).error).toMatchObject({ status: 429, provider: 'vertex-ai' })
    emulator.enqueue(errorFault('auth', { vertex: true }))
    expect((await chat({ messages: say('Hi') })).error).toMatchObject({ status: 401 })
  })

  it('embeds with :predict', async () => {
    const result = await runAdapter(vertexAdapter, 'embeddings', { model: 'text-embedding-005', input: ['one two', 'three'] }, target())
    expect(result.json.data.map((item: any) => item.embedding)).toEqual([emulatorVector('one two'), emulatorVector('three')])
    expect(result.json.usage.prompt_tokens).toBe(3)
  })

  it('serves Claude through rawPredict and streamRawPredict', async () => {
    const whole = await chat({ model: 'claude-emulator', messages: say('Hi'), max_tokens: 50 })
    expect(whole.json.choices[0]).toMatchObject({ message: { content: TEXT_ANSWER }, finish_reason: 'stop' })
    expect(emulator.requests.at(-1)!.url).toBe('/v1/projects/emulator-project/locations/europe-west4/publishers/anthropic/models/claude-emulator:rawPredict')
    const streamed = await chat({ model: 'claude-emulator', messages: say('#tool'), tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }], stream: true })
    expect(streamed.error).toBeUndefined()
    const calls = streamed.chunks!.flatMap((chunk) => chunk.choices.flatMap((choice: any) => choice.delta.tool_calls ?? []))
    expect(calls.map((call: any) => call.function.arguments).join('')).toBe(JSON.stringify(TOOL_ARGUMENTS))
    expect(streamed.chunks!.flatMap((chunk) => chunk.choices.map((choice: any) => choice.finish_reason)).filter(Boolean)).toEqual(['tool_calls'])
  })
})
