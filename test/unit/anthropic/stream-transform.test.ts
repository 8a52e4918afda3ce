import { describe, expect, test } from 'vitest'
import { createAnthropicStreamTransform } from '../../../providers/anthropic'
import type { SseEvent } from '../../../worker/http/sse'
import { GatewayError } from '../../../worker/http/errors'
import { chunkings, replaySse as replay } from '../../helpers/rechunk'
import { assemble, context, fixtureBytes } from './helpers'

const encoder = new TextEncoder()
const frame = (data: Record<string, unknown>) => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`
const bytesOf = (...events: string[]) => [encoder.encode(events.join(''))]
const start = frame({ type: 'message_start', message: { id: 'msg_1', model: 'claude-x', content: [], usage: { input_tokens: 5, output_tokens: 1 } } })

function expectConsistentEnvelope(chunks: Array<Record<string, unknown>>, id: string, model: string) {
  for (const chunk of chunks) expect(chunk).toMatchObject({ id, object: 'chat.completion.chunk', created: 1730000000, model })
}

describe('Anthropic stream translation of the text fixture', () => {
  const bytes = fixtureBytes('text.sse')
  const cuts = chunkings(bytes)
  test('the fixture is cut inside multi-byte characters', () => {
    expect(cuts.find((cut) => cut.name.includes('UTF-8'))!.cuts.length).toBeGreaterThan(3)
  })
  test.each(cuts)('replayed $name: role chunk, text, finish, then usage', async ({ chunks }) => {
    const testContext = context()
    const result = await replay(chunks, createAnthropicStreamTransform(testContext))
    expect(result.error).toBeUndefined()
    expect(testContext.warnings).toEqual([])
    expect(result.chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' })
    expectConsistentEnvelope(result.chunks, 'msg_01TextFixture', 'claude-sonnet-4-5-20250929')
    const assembled = assemble(result.chunks)
    expect(assembled.content).toBe('Grüße aus 東京 👋!')
    expect(assembled.finishReason).toBe('stop')
    const last = result.chunks[result.chunks.length - 1]
    expect(last.choices).toEqual([])
    expect(last.usage).toEqual({ prompt_tokens: 39, completion_tokens: 12, total_tokens: 51, prompt_tokens_details: { cached_tokens: 10, cache_write_tokens: 4 } })
  })
  test('sends no usage chunk unless the caller asked for it', async () => {
    const result = await replay([bytes], createAnthropicStreamTransform(context(undefined, false)))
    expect(result.chunks.some((chunk) => chunk.usage !== undefined)).toBe(false)
    expect(result.chunks[result.chunks.length - 1].choices[0].finish_reason).toBe('stop')
  })
})

describe('Anthropic stream translation of the tool-use fixture (CRLF, thinking, two tools)', () => {
  const bytes = fixtureBytes('tool-use.sse')
  const cuts = chunkings(bytes)
  test('the fixture is cut inside CRLF', () => {
    expect(cuts.find((cut) => cut.name.includes('CRLF'))!.cuts.length).toBeGreaterThan(10)
  })
  test.each(cuts)('replayed $name: tool calls indexed among tool blocks only', async ({ chunks }) => {
    const testContext = context()
    const result = await replay(chunks, createAnthropicStreamTransform(testContext))
    expect(result.error).toBeUndefined()
    expect(testContext.warnings).toEqual([])
    expectConsistentEnvelope(result.chunks, 'msg_01ToolFixture', 'claude-sonnet-4-5-20250929')
    const assembled = assemble(result.chunks)
    expect(assembled.content).toBe('Let me check both.')
    expect(assembled.finishReason).toBe('tool_calls')
    expect(assembled.toolCalls).toEqual([
      { id: 'toolu_01Paris', type: 'function', name: 'get_weather', arguments: '{"city": "Paris"}' },
      { id: 'toolu_01Kyoto', type: 'function', name: 'get_weather', arguments: '{"city": "京都"}' },
    ])
    const starts = result.chunks.flatMap((chunk) => (chunk.choices[0]?.delta as any)?.tool_calls ?? []).filter((call: any) => call.id)
    expect(starts).toEqual([
      { index: 0, id: 'toolu_01Paris', type: 'function', function: { name: 'get_weather', arguments: '' } },
      { index: 1, id: 'toolu_01Kyoto', type: 'function', function: { name: 'get_weather', arguments: '' } },
    ])
    expect(assembled.usage).toMatchObject({ prompt_tokens: 310, completion_tokens: 45 })
  })
})

describe('Anthropic stream errors and oddities', () => {
  test.each(chunkings(fixtureBytes('error.sse')))('replayed $name: an error event fails the stream with a retryable 503', async ({ chunks }) => {
    const result = await replay(chunks, createAnthropicStreamTransform(context()))
    expect(result.chunks.map((chunk) => chunk.choices[0].delta)).toEqual([{ role: 'assistant', content: '' }])
    expect(result.error).toBeInstanceOf(GatewayError)
    expect(result.error).toMatchObject({ status: 503, retryable: true, code: 'overloaded', message: 'Overloaded' })
  })

  test('maps an invalid_request_error event onto a 400 that is not retryable', async () => {
    const result = await replay(bytesOf(start, frame({ type: 'error', error: { type: 'invalid_request_error', message: 'bad' } })), createAnthropicStreamTransform(context()))
    expect(result.error).toMatchObject({ status: 400, retryable: false })
  })

  test('skips malformed events with a warning and keeps going', async () => {
    const testContext = context()
    const text = frame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ok' } })
    const result = await replay(bytesOf(start, 'event: content_block_delta\ndata: {"type":\n\n', frame({ type: 'content_block_delta', delta: {} }), text), createAnthropicStreamTransform(testContext))
    expect(result.error).toBeUndefined()
    expect(assemble(result.chunks).content).toBe('ok')
    expect(testContext.warnings).toHaveLength(2)
  })

  test('ignores unknown event types silently', async () => {
    const testContext = context()
    const result = await replay(bytesOf(start, frame({ type: 'brand_new_event', value: 1 })), createAnthropicStreamTransform(testContext))
    expect(result.chunks).toHaveLength(1)
    expect(testContext.warnings).toEqual([])
  })

  test('reports the last cumulative usage, not the sum of message_delta reports', async () => {
    const events = bytesOf(
      start,
      frame({ type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 10 } }),
      frame({ type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 30, input_tokens: 6 } }),
      frame({ type: 'message_stop' }),
    )
    const result = await replay(events, createAnthropicStreamTransform(context()))
    const finishes = result.chunks.filter((chunk) => chunk.choices[0]?.finish_reason)
    expect(finishes.map((chunk) => chunk.choices[0].finish_reason)).toEqual(['length'])
    expect(result.chunks[result.chunks.length - 1].usage).toMatchObject({ prompt_tokens: 6, completion_tokens: 30, total_tokens: 36 })
  })

  test('still sends usage when message_stop is missing after the finish', async () => {
    const events = bytesOf(start, frame({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } }))
    const result = await replay(events, createAnthropicStreamTransform(context()))
    expect(result.chunks[result.chunks.length - 1].usage).toMatchObject({ completion_tokens: 2 })
  })

  test('invents no finish when the stream ends before message_delta', async () => {
    const result = await replay(bytesOf(start), createAnthropicStreamTransform(context()))
    expect(result.chunks.some((chunk) => chunk.choices[0]?.finish_reason || chunk.usage)).toBe(false)
  })

  test('keeps state per request', async () => {
    const first = createAnthropicStreamTransform(context())
    const second = createAnthropicStreamTransform(context())
    const tool = frame({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 't', name: 'f', input: {} } })
    await replay(bytesOf(start, tool), first)
    const result = await replay(bytesOf(start, tool), second)
    expect((result.chunks[1].choices[0].delta as any).tool_calls[0].index).toBe(0)
  })

  test('accepts events parsed without an event: line, by their JSON type', async () => {
    const events: SseEvent[] = [{ data: JSON.stringify({ type: 'message_start', message: { id: 'msg_2', model: 'm' } }) }]
    const transform = createAnthropicStreamTransform(context())
    const writer = transform.writable.getWriter()
    void writer.write(events[0]).then(() => writer.close())
    const reader = transform.readable.getReader()
    expect((await reader.read()).value?.id).toBe('msg_2')
  })
})
