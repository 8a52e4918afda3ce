import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { googleAdapter } from '../../../providers/google/index'
import type { OpenAIBody, Target } from '../../../providers/types'
import { GatewayError } from '../../../worker/http/errors'
import { type GeminiEmulator, GEMINI_EMULATOR_KEY, errorFault, midStreamErrorFault, startGeminiEmulator, streamErrorFault } from '../../emulators/gemini'
import { emulatorVector } from '../../emulators/gemini-embeddings'
import { type ErrorKind, TEXT_ANSWER, TOOL_ARGUMENTS, USAGE } from '../../emulators/scenarios'
import { runAdapter } from '../../helpers/run-adapter'

let emulator: GeminiEmulator
const target = (apiKey = GEMINI_EMULATOR_KEY): Target => ({ path: 'config', provider: 'google', apiKey, keySource: 'caller', baseUrl: emulator.url, options: {} })
const chat = (body: Partial<OpenAIBody>, key?: string) => runAdapter(googleAdapter, 'chat', { model: 'gemini-2.5-flash', ...body } as OpenAIBody, target(key))
const say = (text: string) => [{ role: 'user', content: text }]
const streamText = (chunks: any[]) => chunks.flatMap((chunk) => chunk.choices.map((choice: any) => choice.delta.content ?? '')).join('')
const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }]

beforeAll(async () => {
  emulator = await startGeminiEmulator()
})
afterAll(() => emulator.close())
beforeEach(() => emulator.reset())

describe('Gemini emulator through the adapter', () => {
  it('answers text with usage, sending the key in x-goog-api-key only', async () => {
    const result = await chat({ messages: say('Hi') })
    expect(result.json.choices[0]).toMatchObject({ message: { content: TEXT_ANSWER }, finish_reason: 'stop' })
    expect(result.json.usage).toMatchObject({ prompt_tokens: USAGE.prompt, completion_tokens: USAGE.completion })
    expect(emulator.requests[0].headers['x-goog-api-key']).toBe(GEMINI_EMULATOR_KEY)
    expect(emulator.requests[0].url).toBe('/v1beta/models/gemini-2.5-flash:generateContent')
  })

  it('streams text and the final usage', async () => {
    const result = await chat({ messages: say('Hi'), stream: true, stream_options: { include_usage: true } })
    expect(streamText(result.chunks!)).toBe(TEXT_ANSWER)
    expect(result.chunks!.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: USAGE.prompt, completion_tokens: USAGE.completion, prompt_tokens_details: { cached_tokens: 3 } } })
  })

  it('serves SSE only with alt=sse: one data line per event, no terminator', async () => {
    const body = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] })
    const headers = { 'x-goog-api-key': GEMINI_EMULATOR_KEY, 'content-type': 'application/json' }
    const sse = await fetch(`${emulator.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, { method: 'POST', headers, body })
    expect(sse.headers.get('content-type')).toBe('text/event-stream')
    const events = (await sse.text()).split('\n\n').filter(Boolean)
    expect(events.every((event) => event.startsWith('data: {') && !event.includes('\n'))).toBe(true)
    expect(events.some((event) => event.includes('[DONE]'))).toBe(false)
    expect(JSON.parse(events[0].slice(6)).usageMetadata).not.toHaveProperty('candidatesTokenCount', USAGE.completion)
    expect(JSON.parse(events.at(-1)!.slice(6)).usageMetadata.candidatesTokenCount).toBe(USAGE.completion)
    const array = await fetch(`${emulator.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent`, { method: 'POST', headers, body })
    expect(Array.isArray(await array.json())).toBe(true)
  })

  it('accepts the key as ?key= too, answers 400 API_KEY_INVALID for a wrong key and 403 for none', async () => {
    const body = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] })
    const path = `${emulator.url}/v1beta/models/gemini-2.5-flash:generateContent`
    expect((await fetch(`${path}?key=${GEMINI_EMULATOR_KEY}`, { method: 'POST', body })).status).toBe(200)
    const wrong = await fetch(`${path}?key=wrong`, { method: 'POST', body })
    expect(wrong.status).toBe(400)
    expect((await wrong.json()).error.details[0].reason).toBe('API_KEY_INVALID')
    expect((await fetch(path, { method: 'POST', body })).status).toBe(403)
  })

  it('turns a wrong key into a 401 invalid_api_key through the adapter', async () => {
    const result = await chat({ messages: say('Hi') }, 'wrong-key')
    expect(result.status).toBe(400)
    expect(result.error).toMatchObject({ status: 401, code: 'invalid_api_key' })
  })

  it('calls the first declared tool with STOP, which the adapter reports as tool_calls, whole and streamed', async () => {
    const whole = await chat({ messages: say('#tool'), tools })
    expect(whole.json.choices[0]).toMatchObject({ finish_reason: 'tool_calls', message: { tool_calls: [{ type: 'function', function: { name: 'get_weather', arguments: JSON.stringify(TOOL_ARGUMENTS) } }] } })
    const streamed = await chat({ messages: say('#tool'), tools, stream: true })
    const call = (streamed.chunks![0].choices[0] as any).delta.tool_calls as any[]
    expect(call[0]).toMatchObject({ index: 0, id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather', arguments: JSON.stringify(TOOL_ARGUMENTS) } })
    expect(streamed.chunks!.at(-1)!.choices[0].finish_reason).toBe('tool_calls')
  })

  it('round-trips a Gemini 3 tool call with its thought signature, which the emulator requires', async () => {
    const first = await chat({ model: 'gemini-3-flash-preview', messages: say('#tool'), tools })
    const assistant = first.json.choices[0].message
    expect(assistant.tool_calls[0].extra_content.google.thought_signature).toBeTruthy()
    const messages = [...say('#tool'), assistant, { role: 'tool', tool_call_id: assistant.tool_calls[0].id, content: '18°C' }, ...say('#echo')]
    const second = await chat({ model: 'gemini-3-flash-preview', messages, tools })
    expect(second.status).toBe(200)
    const transcript = JSON.parse(second.json.choices[0].message.content)
    expect(transcript.messages[1].toolCalls).toEqual([{ name: 'get_weather', arguments: TOOL_ARGUMENTS }])
    expect(transcript.messages[2].toolResults).toEqual([{ name: 'get_weather', content: '18°C' }])
  })

  it('echoes what it understood of a fully mapped request', async () => {
    const result = await chat({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
        { role: 'assistant', content: 'Seen.' },
        ...say('#echo'),
      ],
      tools, tool_choice: { type: 'function', function: { name: 'get_weather' } }, max_tokens: 99, temperature: 0.3, top_p: 0.8, stop: ['END'],
      response_format: { type: 'json_object' },
    })
    expect(JSON.parse(result.json.choices[0].message.content)).toEqual({
      model: 'gemini-2.5-flash', system: 'Be brief.', stream: false, tools: ['get_weather'], toolChoice: 'get_weather',
      maxTokens: 99, temperature: 0.3, topP: 0.8, stop: ['END'], responseFormat: 'json',
      messages: [
        { role: 'user', text: 'Look', images: ['image/png;base64'] },
        { role: 'assistant', text: 'Seen.' },
        { role: 'user', text: '#echo' },
      ],
    })
  })

  it.each([
    ['#length', 'length', 'The answer is cut'],
    ['#filter', 'content_filter', ''],
    ['#stop', 'stop', 'Hello from'],
  ])('plays the %s scenario, whole and streamed', async (text, finish, content) => {
    const whole = await chat({ messages: say(text) })
    expect(whole.json.choices[0]).toMatchObject({ finish_reason: finish, message: { content } })
    const streamed = await chat({ messages: say(text), stream: true })
    expect(streamText(streamed.chunks!)).toBe(content)
    expect(streamed.chunks!.at(-1)!.choices[0].finish_reason).toBe(finish)
  })

  it('answers n candidates', async () => {
    const result = await chat({ messages: say('Hi'), n: 2 })
    expect(result.json.choices.map((choice: any) => choice.index)).toEqual([0, 1])
  })

  it('refuses a malformed request as Gemini does', async () => {
    const response = await fetch(`${emulator.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: 'POST', headers: { 'x-goog-api-key': GEMINI_EMULATOR_KEY }, body: JSON.stringify({ contents: [{ role: 'user', parts: [] }] }),
    })
    expect(response.status).toBe(400)
    expect((await response.json()).error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining('parts must not be empty') })
  })

  it.each([
    ['bad_request', 400, 400],
    ['auth', 400, 401],
    ['permission', 403, 403],
    ['not_found', 404, 404],
    ['rate_limit', 429, 429],
    ['server', 500, 500],
    ['overloaded', 503, 503],
    ['context_length', 400, 400],
  ] as Array<[ErrorKind, number, number]>)('produces the %s error as Google does, which the adapter maps', async (kind, upstream, mapped) => {
    emulator.enqueue(errorFault(kind))
    const result = await chat({ messages: say('Hi') })
    expect(result.status).toBe(upstream)
    expect(result.error).toBeInstanceOf(GatewayError)
    expect(result.error.status).toBe(mapped)
    if (kind === 'rate_limit') expect(result.error.headers).toEqual({ 'retry-after': '0', 'retry-after-ms': '0' })
    if (kind === 'context_length') expect(result.error.code).toBe('context_length_exceeded')
  })

  it('answers the content_filter kind with a blocked prompt (Gemini does not refuse with a status)', async () => {
    emulator.enqueue(errorFault('content_filter'))
    const result = await chat({ messages: say('Hi') })
    expect(result.json.choices[0]).toMatchObject({ finish_reason: 'content_filter', message: { content: '' } })
  })

  it('errors the stream on an error chunk, before or after content', async () => {
    emulator.enqueue(streamErrorFault())
    const before = await chat({ messages: say('Hi'), stream: true })
    expect(before.chunks).toEqual([])
    expect(before.error).toMatchObject({ status: 503, retryable: true })
    emulator.enqueue(midStreamErrorFault())
    const after = await chat({ messages: say('Hi'), stream: true })
    expect(streamText(after.chunks!)).toBe('Hello from')
    expect(after.error).toMatchObject({ status: 503 })
  })

  it('embeds through embedContent and batchEmbedContents, as floats and base64', async () => {
    const single = await runAdapter(googleAdapter, 'embeddings', { model: 'gemini-embedding-001', input: 'hello', encoding_format: 'float' }, target())
    expect(single.json.data[0].embedding).toEqual(emulatorVector('hello'))
    const batch = await runAdapter(googleAdapter, 'embeddings', { model: 'gemini-embedding-001', input: ['a', 'b'], dimensions: 4 }, target())
    expect(emulator.requests.at(-1)!.url).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents')
    expect(batch.json.data.map((item: any) => item.embedding)).toEqual([emulatorVector('a', 4), emulatorVector('b', 4)])
    const base64 = await runAdapter(googleAdapter, 'embeddings', { model: 'gemini-embedding-001', input: ['a'], encoding_format: 'base64' }, target())
    const bytes = Buffer.from(base64.json.data[0].embedding, 'base64')
    expect(Array.from({ length: bytes.length / 4 }, (_, index) => bytes.readFloatLE(index * 4))).toEqual(emulatorVector('a'))
  })

  it('lists models', async () => {
    const result = await runAdapter(googleAdapter, 'models', {}, target())
    expect(result.json.data.map((model: any) => model.id)).toContain('gemini-2.5-flash')
  })
})
