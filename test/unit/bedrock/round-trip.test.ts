import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { bedrockAdapter } from '../../../providers/bedrock'
import type { Endpoint, OpenAIBody, OpenAIChunk, Target } from '../../../providers/types'
import { GatewayError } from '../../../worker/http/errors'
import { BEDROCK_EMULATOR_CREDENTIALS, errorFault, midStreamExceptionFault, startBedrockEmulator, streamExceptionFault } from '../../emulators/bedrock'
import type { Emulator } from '../../emulators/core'
import { TEXT_ANSWER, TOOL_ARGUMENTS, type ErrorKind, type Transcript } from '../../emulators/scenarios'
import { decodeFrames, readAll } from '../../helpers/rechunk'
import { sendUpstream } from '../../helpers/run-adapter'
import { makeContext, makeTarget } from './helpers'

const MODEL = 'us.anthropic.claude-3-5-sonnet-20240620-v1:0'
const CLOCK = { fetch, now: () => Date.UTC(2025, 0, 2, 3, 4, 5) }
const SIGV4_TARGET = makeTarget({
  awsAccessKeyId: BEDROCK_EMULATOR_CREDENTIALS.accessKeyId,
  awsSecretAccessKey: BEDROCK_EMULATOR_CREDENTIALS.secretAccessKey,
  awsSessionToken: 'emulator-session-token',
  awsRegion: 'eu-west-1',
})
const TOOLS = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }]

let emulator: Emulator
beforeAll(async () => {
  emulator = await startBedrockEmulator({ apiKey: 'bedrock-api-key' })
})
afterAll(() => emulator.close())
beforeEach(() => emulator.reset())

/** What the executor does: build, sign with the adapter at a fixed clock, fetch. */
async function send(body: OpenAIBody, target: Target = SIGV4_TARGET, endpoint: Endpoint = 'chat'): Promise<Response> {
  return (await sendUpstream(bedrockAdapter, endpoint, body, { ...target, baseUrl: emulator.url }, CLOCK)).responses[0]
}

async function chat(body: OpenAIBody, target?: Target): Promise<any> {
  const response = await send({ model: MODEL, ...body }, target)
  if (!response.ok) throw bedrockAdapter.endpoints.chat!.toError(response.status, await response.json(), response.headers)
  return bedrockAdapter.endpoints.chat!.fromUpstream(await response.json(), makeContext({ model: MODEL, ...body }))
}

async function chatStream(body: OpenAIBody, includeUsage = true): Promise<{ chunks: OpenAIChunk[]; error?: unknown }> {
  const response = await send({ model: MODEL, stream: true, ...body })
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toBe('application/vnd.amazon.eventstream')
  const context = makeContext({ model: MODEL, stream: true, ...body }, { includeUsage })
  const { items, error } = await readAll<OpenAIChunk>(decodeFrames(response.body!, bedrockAdapter.frameDecoder!()).pipeThrough(new TransformStream(bedrockAdapter.endpoints.chat!.streamTransform!(context))))
  return error === undefined ? { chunks: items } : { chunks: items, error }
}

const text = (chunks: OpenAIChunk[]) => chunks.map((chunk) => (chunk.choices[0]?.delta as any)?.content ?? '').join('')
const finish = (chunks: OpenAIChunk[]) => chunks.find((chunk) => chunk.choices[0]?.finish_reason)?.choices[0].finish_reason

describe('adapter ⇄ emulator, signed with SigV4', () => {
  test('a Converse answer becomes a chat.completion (the emulator accepted the signature)', async () => {
    const completion = await chat({ messages: [{ role: 'user', content: 'Hi' }] })
    expect(completion.choices[0]).toMatchObject({ message: { content: TEXT_ANSWER }, finish_reason: 'stop' })
    expect(completion.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 3 } })
    expect(emulator.requests[0].url).toBe('/model/us.anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse')
    expect(emulator.requests[0].headers['x-amz-security-token']).toBe('emulator-session-token')
  })

  test('a ConverseStream answer becomes chunks with the finish and usage chunks', async () => {
    const { chunks, error } = await chatStream({ messages: [{ role: 'user', content: 'Hi' }] })
    expect(error).toBeUndefined()
    expect(text(chunks)).toBe(TEXT_ANSWER)
    expect(finish(chunks)).toBe('stop')
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 } })
  })

  test('the tool scenario streams one tool call whose fragments join into the arguments', async () => {
    const { chunks } = await chatStream({ messages: [{ role: 'user', content: 'Weather? #tool' }], tools: TOOLS })
    const calls = chunks.flatMap((chunk) => (chunk.choices[0]?.delta as any)?.tool_calls ?? [])
    expect(calls[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'get_weather' } })
    expect(JSON.parse(calls.map((call: any) => call.function.arguments).join(''))).toEqual(TOOL_ARGUMENTS)
    expect(finish(chunks)).toBe('tool_calls')
    const completion = await chat({ messages: [{ role: 'user', content: 'Weather? #tool' }], tools: TOOLS })
    expect(JSON.parse(completion.choices[0].message.tool_calls[0].function.arguments)).toEqual(TOOL_ARGUMENTS)
  })

  test.each([
    ['#length', 'length'],
    ['#filter', 'content_filter'],
    ['#stop', 'stop'],
  ])('%s ends with finish_reason %s, streamed or not', async (marker, reason) => {
    expect(finish((await chatStream({ messages: [{ role: 'user', content: `go ${marker}` }] })).chunks)).toBe(reason)
    expect((await chat({ messages: [{ role: 'user', content: `go ${marker}` }] })).choices[0].finish_reason).toBe(reason)
  })

  test('the echo transcript shows what Bedrock understood of the request', async () => {
    const completion = await chat({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        { role: 'user', content: '#echo' },
      ],
      tools: TOOLS,
      tool_choice: 'required',
      max_tokens: 50,
      temperature: 0.5,
      top_p: 0.8,
      stop: ['END'],
    })
    const transcript: Transcript = JSON.parse(completion.choices[0].message.content)
    expect(transcript).toEqual({
      model: MODEL,
      system: 'Be brief.',
      messages: [
        { role: 'user', text: 'Look', images: ['image/png;base64'] },
        { role: 'assistant', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
        { role: 'user', text: '#echo', toolResults: [{ id: 'call_1', content: 'sunny' }] },
      ],
      tools: ['get_weather'],
      toolChoice: 'required',
      maxTokens: 50,
      temperature: 0.5,
      topP: 0.8,
      stop: ['END'],
      stream: false,
    })
  })
})

describe('adapter ⇄ emulator, authentication failures and API keys', () => {
  test('a wrong secret is refused by the emulator and becomes 401 invalid_api_key', async () => {
    const target = makeTarget({ ...SIGV4_TARGET.options, awsSecretAccessKey: 'wrong-secret' })
    const error = await chat({ messages: [{ role: 'user', content: 'Hi' }] }, target).catch((thrown) => thrown)
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key' })
    expect(error.message).not.toContain('wrong-secret')
  })

  test('a Bedrock API key is sent as a bearer token', async () => {
    const completion = await chat({ messages: [{ role: 'user', content: 'Hi' }] }, makeTarget({}, 'bedrock-api-key'))
    expect(completion.choices[0].message.content).toBe(TEXT_ANSWER)
    expect(emulator.requests[0].headers.authorization).toBe('Bearer bedrock-api-key')
  })
})

describe('adapter ⇄ emulator, faults', () => {
  test.each<[ErrorKind, number, string | null]>([
    ['bad_request', 400, null],
    ['auth', 401, 'invalid_api_key'],
    ['permission', 403, 'permission_denied'],
    ['not_found', 404, 'model_not_found'],
    ['rate_limit', 429, 'rate_limit_exceeded'],
    ['server', 500, null],
    ['overloaded', 503, null],
    ['context_length', 400, 'context_length_exceeded'],
    ['content_filter', 400, 'content_policy_violation'],
  ])('errorFault(%s) maps to %i %s', async (kind, status, code) => {
    emulator.enqueue(errorFault(kind))
    const error = await chat({ messages: [{ role: 'user', content: 'Hi' }] }).catch((thrown) => thrown)
    expect(error).toBeInstanceOf(GatewayError)
    expect(error).toMatchObject({ status, code })
  })

  test('an exception frame before any content errors the stream with a retryable 429', async () => {
    emulator.enqueue(streamExceptionFault())
    const { chunks, error } = await chatStream({ messages: [{ role: 'user', content: 'Hi' }] })
    expect(chunks).toEqual([])
    expect(error).toMatchObject({ status: 429, retryable: true })
  })

  test('a mid-stream exception errors the stream after the partial answer', async () => {
    emulator.enqueue(midStreamExceptionFault())
    const { chunks, error } = await chatStream({ messages: [{ role: 'user', content: 'Hi' }] })
    expect(text(chunks)).toBe('Hello')
    expect(error).toMatchObject({ status: 502, retryable: true })
  })

  test('bytes that are not a valid frame inside a 200 stream error it', async () => {
    emulator.enqueue({ malformedEventAt: 2, malformedEvent: new Uint8Array([0, 0, 0, 200, 0, 0]) })
    const { error } = await chatStream({ messages: [{ role: 'user', content: 'Hi' }] })
    expect(error).toBeInstanceOf(GatewayError)
  })
})

describe('adapter ⇄ emulator, embeddings', () => {
  async function embed(body: OpenAIBody): Promise<any> {
    const response = await send(body, SIGV4_TARGET, 'embeddings')
    expect(response.status).toBe(200)
    return bedrockAdapter.endpoints.embeddings!.fromUpstream(await response.json(), makeContext(body, { endpoint: 'embeddings' }))
  }

  test('Titan v2 with dimensions, as base64 float32', async () => {
    const list = await embed({ model: 'amazon.titan-embed-text-v2:0', input: 'hello', dimensions: 256, encoding_format: 'base64' })
    const bytes = Buffer.from(list.data[0].embedding, 'base64')
    expect(bytes.length).toBe(256 * 4)
    expect(bytes.readFloatLE(0)).toBe(5)
    expect(list.usage.prompt_tokens).toBe(11)
  })

  test('Cohere with several inputs, in order', async () => {
    const list = await embed({ model: 'cohere.embed-english-v3', input: ['a', 'abc'], encoding_format: 'float' })
    expect(list.data.map((item: any) => [item.index, item.embedding[0], item.embedding.length])).toEqual([
      [0, 1, 1024],
      [1, 3, 1024],
    ])
  })
})
