import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MISTRAL_TOOL_CALL_ID, createMistralToolCallIds, mistralAIAdapter } from '../../../providers/openai-compatible'
import { GatewayError } from '../../../worker/http/errors'
import { startOpenAIEmulator, type OpenAIEmulator } from '../../emulators/openai'
import { TOOL_ARGUMENTS, type Transcript } from '../../emulators/scenarios'
import { chunkings } from '../../helpers/rechunk'
import { contentOf, fixture, makeContext, replay, TEST_TARGET } from '../openai/replay'
import { emulatorTarget, runAdapter } from '../../helpers/run-adapter'

const chat = mistralAIAdapter.endpoints.chat!
const sent = (body: Record<string, unknown>) => JSON.parse(chat.toUpstream(body, TEST_TARGET).body as string)

const conversation = [
  { role: 'developer', content: 'Be brief.' },
  { role: 'user', content: 'Weather?', name: 'ana' },
  { role: 'assistant', content: null, refusal: null, annotations: [], tool_calls: [
    { id: 'call_Qm1wG0yJ6aSZ', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    { id: 'toolu_01A09q90qw90lq917835lq9', type: 'function', function: { name: 'get_time', arguments: '{}' } },
  ] },
  { role: 'tool', tool_call_id: 'call_Qm1wG0yJ6aSZ', content: 'Sunny' },
  { role: 'tool', tool_call_id: 'toolu_01A09q90qw90lq917835lq9', content: 'Noon' },
  { role: 'user', content: 'Thanks #echo' },
]

describe('mistral-ai request mapping', () => {
  it('renames seed, max_completion_tokens and tool_choice "required", and drops what Mistral rejects', () => {
    const body = sent({ model: 'mistral-large-latest', messages: [{ role: 'user', content: 'Hi' }], seed: 7, max_completion_tokens: 64, tool_choice: 'required', stream_options: { include_usage: true }, user: 'u1', logprobs: true, top_logprobs: 2, logit_bias: {}, store: true, safe_prompt: true })
    expect(body).toEqual({ model: 'mistral-large-latest', messages: [{ role: 'user', content: 'Hi' }], random_seed: 7, max_tokens: 64, tool_choice: 'any', safe_prompt: true })
  })

  it('keeps an explicit random_seed and max_tokens over the OpenAI names', () => {
    expect(sent({ model: 'm', messages: [], seed: 1, random_seed: 2, max_tokens: 5, max_completion_tokens: 9 })).toMatchObject({ random_seed: 2, max_tokens: 5 })
  })

  it('maps embeddings dimensions to output_dimension', () => {
    const body = JSON.parse(mistralAIAdapter.endpoints.embeddings!.toUpstream({ model: 'mistral-embed', input: 'x', dimensions: 256, user: 'u' }, TEST_TARGET).body as string)
    expect(body).toEqual({ model: 'mistral-embed', input: 'x', output_dimension: 256 })
  })

  it('rewrites every tool-call id to nine letters and digits, the same way in assistant calls and tool messages', () => {
    const messages = sent({ model: 'm', messages: conversation }).messages
    const callIds = messages[2].tool_calls.map((call: { id: string }) => call.id)
    expect(callIds.every((id: string) => MISTRAL_TOOL_CALL_ID.test(id))).toBe(true)
    expect(new Set(callIds).size).toBe(2)
    expect([messages[3].tool_call_id, messages[4].tool_call_id]).toEqual(callIds)
    // Deterministic: the next turn of the same conversation maps the ids the same way.
    expect(sent({ model: 'm', messages: conversation }).messages[2].tool_calls.map((call: { id: string }) => call.id)).toEqual(callIds)
  })

  it('keeps ids that are already valid and never maps two ids onto one', () => {
    const idFor = createMistralToolCallIds(['D681PevKs', 'call_1', 'call_2', 'call_1'])
    expect(idFor('D681PevKs')).toBe('D681PevKs')
    expect(idFor('call_1')).not.toBe(idFor('call_2'))
    expect(idFor('call_1')).toMatch(MISTRAL_TOOL_CALL_ID)
  })

  it('keeps only the message fields Mistral accepts and turns developer into system', () => {
    const messages = sent({ model: 'm', messages: conversation }).messages
    expect(messages[0]).toEqual({ role: 'system', content: 'Be brief.' })
    expect(messages[1]).toEqual({ role: 'user', content: 'Weather?' })
    expect(Object.keys(messages[2]).sort()).toEqual(['content', 'role', 'tool_calls'])
  })

  it('marks a trailing assistant message as a prefix (Mistral prefill)', () => {
    const messages = sent({ model: 'm', messages: [{ role: 'user', content: 'Count' }, { role: 'assistant', content: 'One, two' }] }).messages
    expect(messages[1]).toEqual({ role: 'assistant', content: 'One, two', prefix: true })
    expect(mistralAIAdapter.capabilities?.prefill).toBe(true)
  })
})

describe('mistral-ai response mapping', () => {
  const context = makeContext('chat', { model: 'm' }).context
  const body = (finish: string, message: Record<string, unknown> = { role: 'assistant', content: 'x' }) => ({ id: 'a', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message, finish_reason: finish }] })

  it('maps finish_reason model_length to length', () => {
    expect((chat.fromUpstream(body('model_length'), context) as any).choices[0].finish_reason).toBe('length')
  })

  it('raises finish_reason error as a retryable GatewayError', () => {
    expect(() => chat.fromUpstream(body('error'), context)).toThrow(expect.objectContaining({ status: 502, retryable: true, provider: 'mistral-ai' }))
  })

  it('turns object tool-call arguments into the JSON string OpenAI clients expect', () => {
    const message = { role: 'assistant', content: '', tool_calls: [{ id: 'D681PevKs', function: { name: 'get_weather', arguments: { city: 'Paris' } } }] }
    const call = (chat.fromUpstream(body('tool_calls', message), context) as any).choices[0].message.tool_calls[0]
    expect(call).toEqual({ id: 'D681PevKs', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } })
  })
})

describe('mistral-ai stream', () => {
  it('gives tool-call deltas the type and index the OpenAI SDK needs, and the usage chunk when asked', async () => {
    const result = await replay(chat, fixture('mistral-tool.sse'), [], 'chat', { model: 'm' }, true)
    const call = (result.chunks[1].choices[0].delta as any).tool_calls[0]
    expect(call).toMatchObject({ index: 0, id: 'D681PevKs', type: 'function', function: { name: 'get_weather' } })
    expect(result.chunks.at(-2)!.choices[0].finish_reason).toBe('tool_calls')
    expect(result.chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: 18 } })
  })

  it('raises finish_reason error after the content before it', async () => {
    const result = await replay(chat, fixture('mistral-error-finish.sse'), [])
    expect(contentOf(result.chunks)).toBe('Partial')
    expect(result.error).toBeInstanceOf(GatewayError)
  })

  for (const name of ['mistral-tool.sse', 'mistral-error-finish.sse']) {
    for (const { name: how, cuts } of chunkings(fixture(name))) {
      it(`${name}: same chunks and error when cut ${how}`, async () => {
        const whole = await replay(chat, fixture(name), [], 'chat', undefined, true)
        const cut = await replay(chat, fixture(name), cuts, 'chat', undefined, true)
        expect([cut.chunks, String(cut.error)]).toEqual([whole.chunks, String(whole.error)])
      })
    }
  }
})

describe('mistral-ai errors', () => {
  const toError = chat.toError
  const detail = [{ type: 'extra_forbidden', loc: ['body', 'stream_options'], msg: 'Extra inputs are not permitted', input: {} }, { type: 'missing', loc: ['body', 'messages', 0, 'content'], msg: 'Field required' }]

  it('turns a 422 {detail: [...]} into a 400 listing every issue', () => {
    const error = toError(422, { detail }, new Headers())
    expect([error.status, error.type, error.param, error.retryable]).toEqual([400, 'invalid_request_error', 'stream_options', false])
    expect(error.message).toBe('mistral-ai rejected the request: stream_options: Extra inputs are not permitted; messages.0.content: Field required')
  })

  it('reads the detail nested in message, as an object or as a JSON string', () => {
    expect(toError(422, { object: 'error', message: { detail }, type: 'invalid_request_error' }, new Headers()).message).toContain('messages.0.content: Field required')
    expect(toError(422, { object: 'error', message: JSON.stringify({ detail }), type: 'internal_error_proxy', code: '1000' }, new Headers()).status).toBe(400)
  })

  it('keeps Mistral top-level error bodies (message, type) for other statuses', () => {
    const error = toError(400, { object: 'error', message: 'Tool call id was call_1 but must be a-z, A-Z, 0-9, with a length of 9.', type: 'invalid_request_message_error', param: null, code: null }, new Headers())
    expect([error.status, error.type, error.message]).toEqual([400, 'invalid_request_message_error', 'Tool call id was call_1 but must be a-z, A-Z, 0-9, with a length of 9.'])
    expect(toError(401, { message: 'Unauthorized', request_id: 'r' }, new Headers()).status).toBe(401)
  })
})

describe('mistral-ai against the mistral emulator flavour', () => {
  let emulator: OpenAIEmulator
  beforeAll(async () => void (emulator = await startOpenAIEmulator({ flavour: 'mistral' })))
  afterAll(() => emulator.close())
  const target = () => emulatorTarget('mistral-ai', emulator.baseUrl)

  it('the flavour rejects the OpenAI body as sent (422 extra fields, 400 tool-call ids)', async () => {
    const post = (body: unknown) => fetch(`${emulator.baseUrl}/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: JSON.stringify(body) })
    expect((await post({ model: 'm', seed: 1, messages: [{ role: 'user', content: 'Hi' }] })).status).toBe(422)
    const ids = conversation.filter((message) => message.role !== 'developer').map(({ name: _name, refusal: _refusal, annotations: _annotations, ...rest }: any) => rest)
    expect((await post({ model: 'm', messages: ids })).status).toBe(400)
  })

  it('accepts the mapped conversation and understood the rewritten ids consistently', async () => {
    const call = await runAdapter(mistralAIAdapter, 'chat', { model: 'mistral-large-latest', seed: 3, max_completion_tokens: 100, messages: conversation }, target())
    expect(call.error).toBeUndefined()
    const transcript: Transcript = JSON.parse(call.json.choices[0].message.content)
    const callIds = transcript.messages[1].toolCalls!.map((toolCall) => toolCall.id)
    expect(transcript.messages[2].toolResults!.map((result) => [result.id, result.name])).toEqual([[callIds[0], 'get_weather'], [callIds[1], 'get_time']])
    expect(transcript.system).toBe('Be brief.')
    expect(transcript.maxTokens).toBe(100)
  })

  it('streams a tool call with include_usage into OpenAI chunks', async () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: {} } }]
    const call = await runAdapter(mistralAIAdapter, 'chat', { model: 'm', stream: true, stream_options: { include_usage: true }, tool_choice: 'required', tools, messages: [{ role: 'user', content: '#tool' }] }, target())
    expect(call.error).toBeUndefined()
    const fragments = call.chunks!.flatMap((chunk) => (chunk.choices[0]?.delta as any)?.tool_calls ?? []).map((toolCall: any) => toolCall.function.arguments)
    expect(JSON.parse(fragments.join(''))).toEqual(TOOL_ARGUMENTS)
    expect(call.chunks!.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: 18 } })
  })

  it('maps a non-stream model_length to length and embeddings dimensions to output_dimension', async () => {
    const length = await runAdapter(mistralAIAdapter, 'chat', { model: 'm', messages: [{ role: 'user', content: '#length' }] }, target())
    expect(length.json.choices[0].finish_reason).toBe('length')
    const embeddings = await runAdapter(mistralAIAdapter, 'embeddings', { model: 'mistral-embed', input: 'x', dimensions: 3 }, target())
    expect(embeddings.json.data[0].embedding).toHaveLength(3)
  })
})
