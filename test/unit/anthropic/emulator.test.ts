import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { anthropicAdapter, createAnthropicStreamTransform, fromAnthropicMessage } from '../../../providers/anthropic'
import type { OpenAIBody } from '../../../providers/types'
import type { SseEvent } from '../../../worker/http/sse'
import type { Emulator } from '../../emulators/core'
import { ANTHROPIC_EMULATOR_KEY, errorFault, midStreamErrorFault, startAnthropicEmulator, streamErrorFault } from '../../emulators/anthropic'
import { CACHE_READ_TOKENS, LENGTH_DELTAS, TEXT_ANSWER, TOOL_ARGUMENTS, USAGE } from '../../emulators/scenarios'
import { collect, parseSseBody, replaySse as replay } from '../../helpers/rechunk'
import { sendUpstream } from '../../helpers/run-adapter'
import { assemble, context, target } from './helpers'

let emulator: Emulator
beforeAll(async () => { emulator = await startAnthropicEmulator() })
afterAll(async () => { await emulator?.close() })
beforeEach(() => emulator.reset())

const PNG = 'iVBORw0KGgo='

/** Sends an OpenAI body through the adapter's request mapping and authentication, as the executor would. */
async function send(body: OpenAIBody): Promise<Response> {
  const sent = await sendUpstream(anthropicAdapter, 'chat', body, { ...target(), baseUrl: emulator.url, apiKey: ANTHROPIC_EMULATOR_KEY }, { now: () => 0 })
  return sent.responses[0]
}

async function events(response: Response): Promise<SseEvent[]> {
  return collect(parseSseBody(response.body!))
}

async function streamThroughAdapter(body: OpenAIBody) {
  const response = await send({ ...body, stream: true })
  return replay([new Uint8Array(await response.arrayBuffer())], createAnthropicStreamTransform(context(body)))
}

const user = (content: unknown) => ({ model: 'claude-emulator', messages: [{ role: 'user', content }] })
const raw = (body: unknown, headers: Record<string, string> = { 'x-api-key': ANTHROPIC_EMULATOR_KEY, 'anthropic-version': '2023-06-01' }) =>
  fetch(`${emulator.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

describe('Anthropic emulator stream format', () => {
  test('names every event after its JSON type, in the documented order', async () => {
    const received = await events(await send({ ...user('Hi'), stream: true }))
    for (const event of received) expect(event.event).toBe(JSON.parse(event.data).type)
    expect(received.map((event) => event.event)).toEqual([
      'message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_delta', 'content_block_delta',
      'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop',
    ])
    const messageDelta = JSON.parse(received[8].data)
    expect(messageDelta.usage.output_tokens).toBe(USAGE.completion)
    expect(JSON.parse(received[0].data).message.usage).toMatchObject({ cache_read_input_tokens: CACHE_READ_TOKENS, output_tokens: 1 })
  })

  test('streams the tool scenario as a tool_use block with input_json_delta fragments', async () => {
    const received = await events(await send({ ...user('Weather #tool'), stream: true, tools: [{ type: 'function', function: { name: 'get_weather' } }] }))
    const deltas = received.filter((event) => event.event === 'content_block_delta').map((event) => JSON.parse(event.data).delta)
    expect(deltas.every((delta) => delta.type === 'input_json_delta')).toBe(true)
    expect(JSON.parse(deltas.map((delta) => delta.partial_json).join(''))).toEqual(TOOL_ARGUMENTS)
  })
})

describe('Anthropic emulator through the adapter', () => {
  test('a streamed answer becomes the default text with OpenAI usage', async () => {
    const result = await streamThroughAdapter(user('Hi'))
    const assembled = assemble(result.chunks)
    expect(assembled).toMatchObject({ content: TEXT_ANSWER, finishReason: 'stop' })
    expect(assembled.usage).toEqual({ prompt_tokens: USAGE.prompt, completion_tokens: USAGE.completion, total_tokens: USAGE.prompt + USAGE.completion, prompt_tokens_details: { cached_tokens: CACHE_READ_TOKENS } })
  })

  test('a streamed tool call arrives whole', async () => {
    const result = await streamThroughAdapter({ ...user('#tool'), tools: [{ type: 'function', function: { name: 'lookup' } }] })
    const assembled = assemble(result.chunks)
    expect(assembled.finishReason).toBe('tool_calls')
    expect(assembled.toolCalls[0].name).toBe('lookup')
    expect(JSON.parse(assembled.toolCalls[0].arguments)).toEqual(TOOL_ARGUMENTS)
  })

  test.each([
    ['#length', 'length', LENGTH_DELTAS.join('')],
    ['#filter', 'content_filter', null],
    ['#stop', 'stop', 'Hello from'],
  ])('the %s scenario finishes with %s', async (text, finishReason, content) => {
    const response = await send({ ...user(text), stop: ['###'] })
    const completion = fromAnthropicMessage(await response.json(), context()) as any
    expect(completion.choices[0]).toMatchObject({ finish_reason: finishReason, message: { content } })
  })

  test('echoes a rich conversation the way Anthropic received it', async () => {
    const response = await send({
      model: 'claude-emulator',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }, { type: 'image_url', image_url: { url: 'https://example.com/a.jpg' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
        { role: 'developer', content: 'Answer in French.' },
        { role: 'user', content: '#echo' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather' } }],
      tool_choice: 'required',
      max_tokens: 99,
      temperature: 1.5,
      stop: 'END',
    })
    expect(response.status).toBe(200)
    const completion = fromAnthropicMessage(await response.json(), context()) as any
    expect(JSON.parse(completion.choices[0].message.content)).toEqual({
      model: 'claude-emulator',
      system: 'Be brief.\n\nAnswer in French.',
      messages: [
        { role: 'user', text: 'Look', images: ['image/png;base64', 'https://example.com/a.jpg'] },
        { role: 'assistant', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
        { role: 'user', text: '#echo', toolResults: [{ id: 'call_1', content: 'Sunny' }] },
      ],
      tools: ['get_weather'],
      toolChoice: 'required',
      maxTokens: 99,
      temperature: 1,
      stop: ['END'],
      stream: false,
    })
  })

  test('an error event right after message_start fails the stream before any content', async () => {
    emulator.enqueue(streamErrorFault())
    const result = await streamThroughAdapter(user('Hi'))
    expect(result.error).toMatchObject({ status: 503, retryable: true })
    expect(assemble(result.chunks).content).toBe('')
  })

  test('an error event after some text fails the stream after that text', async () => {
    emulator.enqueue(midStreamErrorFault())
    const result = await streamThroughAdapter(user('Hi'))
    expect(assemble(result.chunks).content).toBe('Hello from')
    expect(result.error).toMatchObject({ status: 503 })
  })

  test('error faults carry Anthropic statuses, bodies and retry-after', async () => {
    emulator.enqueue(errorFault('overloaded'), errorFault('rate_limit'))
    const overloaded = await send(user('Hi'))
    expect(overloaded.status).toBe(529)
    expect(await overloaded.json()).toMatchObject({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })
    const limited = await send(user('Hi'))
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('0')
  })
})

describe('Anthropic emulator request validation', () => {
  const valid = { model: 'claude-emulator', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }
  test.each([
    ['max_tokens is missing', { model: 'm', messages: [{ role: 'user', content: 'Hi' }] }, 'max_tokens: Field required'],
    ['roles do not alternate', { ...valid, messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] }, 'roles must alternate'],
    ['the first message is not from the user', { ...valid, messages: [{ role: 'assistant', content: 'a' }] }, 'first message must use the "user" role'],
    ['a content block is unknown', { ...valid, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] }, "Input tag 'image_url'"],
    ['a tool result follows text', { ...valid, messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }] }, { role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'tool_result', tool_use_id: 't', content: 'r' }] }] }, 'must come first'],
    ['temperature is above 1', { ...valid, temperature: 1.5 }, 'temperature'],
  ])('answers 400 invalid_request_error when %s', async (_name, body, message) => {
    const response = await raw(body)
    expect(response.status).toBe(400)
    const json = await response.json()
    expect(json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } })
    expect(json.error.message).toContain(message)
  })

  test('answers 401 for a missing or wrong key, and accepts Authorization: Bearer', async () => {
    expect((await raw(valid, { 'anthropic-version': '2023-06-01' })).status).toBe(401)
    const wrong = await raw(valid, { 'x-api-key': 'nope', 'anthropic-version': '2023-06-01' })
    expect(wrong.status).toBe(401)
    expect((await wrong.json()).error.type).toBe('authentication_error')
    expect((await raw(valid, { authorization: `Bearer ${ANTHROPIC_EMULATOR_KEY}`, 'anthropic-version': '2026-10-21' })).status).toBe(200)
  })

  test('requires anthropic-version', async () => {
    const response = await raw(valid, { 'x-api-key': ANTHROPIC_EMULATOR_KEY })
    expect(response.status).toBe(400)
    expect((await response.json()).error.message).toContain('anthropic-version')
  })

  test('answers a JSON message with Anthropic usage', async () => {
    const json = await (await raw(valid)).json()
    expect(json).toMatchObject({ type: 'message', role: 'assistant', stop_reason: 'end_turn', content: [{ type: 'text', text: TEXT_ANSWER }], usage: { cache_read_input_tokens: CACHE_READ_TOKENS } })
    expect(json.id).toMatch(/^msg_/)
  })
})
