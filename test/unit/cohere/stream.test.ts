import { describe, expect, test } from 'vitest'
import { GatewayError } from '../../../worker/http/errors'
import { cohereStreamTransform } from '../../../providers/cohere/cohere-stream-transform'
import { CohereToolCallIndexer } from '../../../providers/cohere/cohere-tool-call-indexer'
import type { OpenAIChunk } from '../../../providers/types'
import { chunkings, cutStream, replaySse } from '../../helpers/rechunk'
import { fixture, makeContext } from './helpers'

const body = { model: 'command-a-03-2025', messages: [], stream: true }
const run = (bytes: Uint8Array, cuts: number[] = [], includeUsage = true) => {
  const { context, warnings } = makeContext(body, { includeUsage })
  return replaySse(cutStream(bytes, cuts), cohereStreamTransform(context)).then((result) => ({ ...result, warnings }))
}
const deltas = (chunks: OpenAIChunk[]) => chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta))
const text = (chunks: OpenAIChunk[]) => deltas(chunks).map((delta: any) => delta?.content ?? '').join('')

describe('cohereStreamTransform', () => {
  test('translates a text stream: role chunk with Cohere id, content deltas, finish, then usage', async () => {
    const { chunks, error } = await run(fixture('text.sse'))
    expect(error).toBeUndefined()
    expect(chunks.every((chunk) => chunk.id === '5a0c1c63-2f1e-4b7a-9f5e-1d2c3b4a5f60' && chunk.object === 'chat.completion.chunk')).toBe(true)
    expect(chunks[0].choices[0]).toMatchObject({ delta: { role: 'assistant', content: '' }, finish_reason: null })
    expect(chunks.slice(1, 4).map((chunk) => (chunk.choices[0].delta as any).content)).toEqual(['Bonjour', ', ça va', ' ? 🌍'])
    expect(chunks[4].choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' })
    expect(chunks[5]).toMatchObject({ choices: [], usage: { prompt_tokens: 215, completion_tokens: 6, total_tokens: 221, prompt_tokens_details: { cached_tokens: 128 } } })
    expect(chunks).toHaveLength(6)
    expect(chunks.slice(0, 5).every((chunk) => chunk.usage === null)).toBe(true)
  })

  test('sends no usage chunk and no usage field unless the caller asked', async () => {
    const { chunks } = await run(fixture('text.sse'), [], false)
    expect(chunks).toHaveLength(5)
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false)
  })

  test('gives the same chunks for every cut, including inside CRLF and inside multi-byte UTF-8', async () => {
    const bytes = fixture('text.sse')
    const cuts = Object.fromEntries(chunkings(bytes).map(({ name, cuts }) => [name, cuts]))
    expect(cuts['inside every CRLF'].length).toBeGreaterThan(0)
    expect(cuts['inside every multi-byte UTF-8 character'].length).toBeGreaterThan(0)
    const whole = await run(bytes)
    for (let cut = 1; cut < bytes.length; cut++) {
      const split = await run(bytes, [cut])
      expect(split.chunks, `cut at byte ${cut}`).toEqual(whole.chunks)
    }
    const byteByByte = await run(bytes, Array.from({ length: bytes.length }, (_, index) => index))
    expect(byteByByte.chunks).toEqual(whole.chunks)
    expect(text(byteByByte.chunks)).toBe('Bonjour, ça va ? 🌍')
  })

  test('streams tool calls with OpenAI indexes, id and name first, then argument fragments', async () => {
    const bytes = fixture('tool-call.sse')
    const { chunks, error } = await run(bytes)
    expect(error).toBeUndefined()
    const calls = deltas(chunks).flatMap((delta: any) => delta?.tool_calls ?? [])
    expect(calls[0]).toEqual({ index: 0, id: 'get_weather_k3v9x1', type: 'function', function: { name: 'get_weather', arguments: '' } })
    expect(calls.filter((call: any) => call.index === 0).map((call: any) => call.function.arguments).join('')).toBe('{"city": "Zürich"}')
    expect(calls.find((call: any) => call.index === 1 && call.id)).toEqual({ index: 1, id: 'get_time_p2q8r4', type: 'function', function: { name: 'get_time', arguments: '' } })
    expect(calls.filter((call: any) => call.index === 1).map((call: any) => call.function.arguments).join('')).toBe('{"tz":"CET"}')
    expect(text(chunks)).toBe('') // the tool plan is not content
    expect(chunks.at(-2)!.choices[0].finish_reason).toBe('tool_calls')
    expect(chunks.at(-1)!.usage).toEqual({ prompt_tokens: 1549, completion_tokens: 95, total_tokens: 1644 })
    const rechunked = await run(bytes, Array.from({ length: bytes.length }, (_, index) => index))
    expect(rechunked.chunks).toEqual(chunks)
  })

  test('sends thinking as reasoning_content and maps MAX_TOKENS to length', async () => {
    const { chunks } = await run(fixture('thinking.sse'))
    expect(deltas(chunks).slice(1, 3)).toEqual([{ reasoning_content: 'The user greets me.' }, { content: 'Hi!' }])
    expect(chunks.at(-2)!.choices[0].finish_reason).toBe('length')
  })

  test('raises message-end with finish_reason ERROR as a retryable GatewayError after the content before it', async () => {
    const { chunks, error } = await run(fixture('error.sse'))
    expect(text(chunks)).toBe('Partial')
    expect(chunks.some((chunk) => chunk.choices.some((choice) => choice.finish_reason))).toBe(false)
    expect(error).toBeInstanceOf(GatewayError)
    expect(error).toMatchObject({ status: 500, retryable: true, provider: 'cohere' })
    expect((error as Error).message).toContain('internal server error')
  })

  test('skips and reports a malformed event, and ignores [DONE]', async () => {
    const raw = 'event: message-start\ndata: {"id":"m1","type":"message-start"}\n\nevent: content-delta\ndata: {"type":"content-delta","delta":\n\n'
      + 'event: content-delta\ndata: {"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"ok"}}}}\n\n'
      + 'event: message-end\ndata: {"type":"message-end","delta":{"finish_reason":"STOP_SEQUENCE"}}\n\ndata: [DONE]\n\n'
    const { chunks, error, warnings } = await run(new TextEncoder().encode(raw))
    expect(error).toBeUndefined()
    expect(text(chunks)).toBe('ok')
    expect(chunks.at(-2)!.choices[0].finish_reason).toBe('stop')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('not JSON')
  })

  test('starts with a role chunk even when message-start is missing, and emits no finish when the stream just ends', async () => {
    const raw = 'event: content-delta\ndata: {"type":"content-delta","delta":{"message":{"content":{"text":"cut"}}}}\n\n'
    const { chunks } = await run(new TextEncoder().encode(raw))
    expect(deltas(chunks)).toEqual([{ role: 'assistant', content: '' }, { content: 'cut' }])
    expect(chunks[0].id).toBe('chatcmpl-gateway')
  })
})

describe('CohereToolCallIndexer', () => {
  test('numbers tool calls 0, 1, … whatever Cohere index they carry, and routes deltas to them', () => {
    const indexer = new CohereToolCallIndexer()
    expect(indexer.lookup(0)).toBe(-1)
    expect(indexer.start(1)).toBe(0)
    expect(indexer.lookup(1)).toBe(0)
    expect(indexer.lookup(undefined)).toBe(0)
    expect(indexer.start(undefined)).toBe(1)
    expect(indexer.lookup(undefined)).toBe(1)
    expect(indexer.lookup(1)).toBe(0)
  })
})
