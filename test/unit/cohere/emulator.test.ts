import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { cohereAdapter } from '../../../providers/cohere'
import type { Emulator } from '../../emulators/core'
import { REFUSAL_TEXT, embeddingValue, errorFault, midStreamErrorFault, startCohereEmulator, streamErrorFault } from '../../emulators/cohere'
import { LENGTH_DELTAS, TEXT_ANSWER, TOOL_ARGUMENTS, USAGE, type ErrorKind } from '../../emulators/scenarios'
import { readErrorBody } from '../../../worker/executor/read-error-body'
import type { OpenAIBody } from '../../../providers/types'
import { replaySse } from '../../helpers/rechunk'
import { sendUpstream } from '../../helpers/run-adapter'
import { makeContext, target } from './helpers'

let emulator: Emulator
beforeAll(async () => { emulator = await startCohereEmulator({ apiKey: 'co-test-key' }) })
afterAll(async () => { await emulator.close() })
beforeEach(() => emulator.reset())

const chatAdapter = cohereAdapter.endpoints.chat!
const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }]
const ask = (text: string, extra: Partial<OpenAIBody> = {}): OpenAIBody => ({ model: 'command-a-03-2025', messages: [{ role: 'user', content: text }], ...extra })

/** The adapter's request, authenticated and sent to the emulator as the executor sends it. */
const send = async (endpoint: 'chat' | 'embeddings', body: OpenAIBody, apiKey = target.apiKey) =>
  (await sendUpstream(cohereAdapter, endpoint, body, { ...target, baseUrl: emulator.url, apiKey })).responses[0]

async function chat(body: OpenAIBody): Promise<any> {
  const response = await send('chat', body)
  if (!response.ok) throw chatAdapter.toError(response.status, await readErrorBody(response), response.headers)
  return chatAdapter.fromUpstream(await response.json(), makeContext(body).context)
}

async function stream(body: OpenAIBody) {
  const response = await send('chat', { ...body, stream: true })
  expect(response.headers.get('content-type')).toContain('text/event-stream')
  return replaySse(response.body!, new TransformStream(chatAdapter.streamTransform!(makeContext(body, { includeUsage: true }).context)))
}
const streamedText = (chunks: any[]) => chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('')
const finishOf = (chunks: any[]) => chunks.flatMap((chunk) => chunk.choices).find((choice: any) => choice.finish_reason)?.finish_reason

describe('cohere adapter against the Cohere emulator', () => {
  test('sends Bearer auth to /v2/chat and maps a text answer with usage', async () => {
    const mapped = await chat(ask('Hello'))
    expect(emulator.requests[0]).toMatchObject({ method: 'POST', url: '/v2/chat' })
    expect(emulator.requests[0].headers.authorization).toBe('Bearer co-test-key')
    expect(mapped.choices[0]).toMatchObject({ message: { content: TEXT_ANSWER }, finish_reason: 'stop' })
    expect(mapped.usage).toEqual({ prompt_tokens: USAGE.prompt, completion_tokens: USAGE.completion, total_tokens: USAGE.prompt + USAGE.completion })
  })

  test('streams text with the role chunk first, the finish and the usage chunk', async () => {
    const { chunks, error } = await stream(ask('Hello'))
    expect(error).toBeUndefined()
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' })
    expect(streamedText(chunks)).toBe(TEXT_ANSWER)
    expect(finishOf(chunks)).toBe('stop')
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: USAGE.prompt, completion_tokens: USAGE.completion })
  })

  test('#tool: maps the tool call, JSON and streamed', async () => {
    const mapped = await chat(ask('#tool please', { tools }))
    expect(mapped.choices[0].finish_reason).toBe('tool_calls')
    expect(JSON.parse(mapped.choices[0].message.tool_calls[0].function.arguments)).toEqual(TOOL_ARGUMENTS)
    const { chunks } = await stream(ask('#tool please', { tools }))
    const calls = chunks.flatMap((chunk: any) => chunk.choices[0]?.delta?.tool_calls ?? [])
    expect(calls[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'get_weather' } })
    expect(JSON.parse(calls.map((call: any) => call.function.arguments).join(''))).toEqual(TOOL_ARGUMENTS)
    expect(finishOf(chunks)).toBe('tool_calls')
  })

  test('#length, #stop and #filter finish as Cohere reports them', async () => {
    expect((await chat(ask('#length'))).choices[0]).toMatchObject({ finish_reason: 'length', message: { content: LENGTH_DELTAS.join('') } })
    expect((await chat(ask('#stop', { stop: ['emulator'] }))).choices[0].finish_reason).toBe('stop')
    // Cohere has no content-filter stop: its safety modes answer with a refusal and COMPLETE.
    expect((await chat(ask('#filter'))).choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: REFUSAL_TEXT } })
  })

  test('#echo: the emulator understood every mapped field', async () => {
    const body: OpenAIBody = {
      model: 'command-a-vision-07-2025',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        { role: 'user', content: [{ type: 'text', text: '#echo' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }, { type: 'image_url', image_url: { url: 'https://x.test/a.jpg' } }] },
      ],
      tools,
      tool_choice: 'required',
      max_tokens: 99,
      temperature: 0.3,
      top_p: 0.9,
      stop: ['END'],
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } },
    }
    const transcript = JSON.parse((await chat(body)).choices[0].message.content)
    expect(transcript).toEqual({
      model: 'command-a-vision-07-2025',
      system: 'Be brief.',
      messages: [
        { role: 'user', text: 'Weather?' },
        { role: 'assistant', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
        { role: 'user', toolResults: [{ id: 'call_1', content: 'sunny' }] },
        { role: 'user', text: '#echo', images: ['image/png;base64', 'https://x.test/a.jpg'] },
      ],
      tools: ['get_weather'],
      toolChoice: 'required',
      maxTokens: 99,
      temperature: 0.3,
      topP: 0.9,
      stop: ['END'],
      stream: false,
      responseFormat: 'schema',
    })
    const streamed = JSON.parse(streamedText((await stream({ ...body, response_format: { type: 'json_object' } })).chunks))
    expect(streamed).toMatchObject({ stream: true, responseFormat: 'json' })
  })

  test('embeds as float and as base64 float32', async () => {
    const embeddings = cohereAdapter.endpoints.embeddings!
    for (const encoding_format of ['float', 'base64'] as const) {
      const body: OpenAIBody = { model: 'embed-v4.0', input: ['alpha', 'beta gamma'], encoding_format }
      const response = await send('embeddings', body)
      expect(response.status).toBe(200)
      const mapped: any = embeddings.fromUpstream(await response.json(), makeContext(body, { endpoint: 'embeddings' }).context)
      const first = encoding_format === 'base64'
        ? Array.from(new Float32Array(new Uint8Array(Buffer.from(mapped.data[0].embedding, 'base64')).buffer))
        : mapped.data[0].embedding
      expect(first).toEqual([0, 1, 2, 3].map((position) => embeddingValue('alpha', 0, position)))
      expect(mapped.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 })
    }
    expect(emulator.requests[0].json).toMatchObject({ input_type: 'search_document', embedding_types: ['float'] })
  })

  test('a wrong key comes back as a 401 invalid_api_key', async () => {
    const response = await send('chat', ask('Hi'), 'wrong')
    const error = chatAdapter.toError(response.status, await readErrorBody(response), response.headers)
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key', message: 'Cohere: invalid api token' })
  })

  test.each([
    ['bad_request', 400, null, false],
    ['auth', 401, 'invalid_api_key', false],
    ['permission', 403, null, false],
    ['not_found', 404, 'model_not_found', false],
    ['rate_limit', 429, 'rate_limit_exceeded', true],
    ['server', 500, null, true],
    ['overloaded', 503, null, true],
    ['context_length', 400, 'context_length_exceeded', false],
    ['content_filter', 400, 'content_policy_violation', false],
  ] as Array<[ErrorKind, number, string | null, boolean]>)('errorFault(%s) maps to %i %s', async (kind, status, code, retryable) => {
    emulator.enqueue(errorFault(kind))
    await expect(chat(ask('Hi'))).rejects.toMatchObject({ status, code, retryable })
  })

  test('streamErrorFault ends the stream with a retryable error, before or after content', async () => {
    emulator.enqueue(streamErrorFault())
    const before = await stream(ask('Hi'))
    expect(streamedText(before.chunks)).toBe('')
    expect(before.error).toMatchObject({ status: 500, retryable: true })
    emulator.enqueue(midStreamErrorFault())
    const after = await stream(ask('Hi'))
    expect(streamedText(after.chunks)).toBe('Hello')
    expect(after.error).toMatchObject({ status: 500 })
  })
})
