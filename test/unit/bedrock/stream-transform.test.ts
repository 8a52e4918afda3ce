import { describe, expect, test } from 'vitest'
import { EventStreamDecoder } from '../../../providers/bedrock/event-stream-decoder'
import { createBedrockStreamTransform } from '../../../providers/bedrock/stream-transform'
import { GatewayError } from '../../../worker/http/errors'
import type { SseEvent } from '../../../worker/http/sse'
import { collect, cutStream, decodeFrames } from '../../helpers/rechunk'
import { fixture, makeContext, runTransform } from './helpers'

const body = { model: 'anthropic.claude-3-5-sonnet-20240620-v1:0', stream: true }
const events = (name: string) => collect(decodeFrames(cutStream(fixture(name)), new EventStreamDecoder()))
const translate = async (name: string, includeUsage = false) => {
  const context = makeContext(body, { includeUsage })
  return { ...(await runTransform(await events(name), createBedrockStreamTransform(context))), context }
}

describe('ConverseStream → chat.completion.chunk', () => {
  test('sends a role chunk, text deltas, and the finish chunk', async () => {
    const { chunks, error } = await translate('text-stream.bin')
    expect(error).toBeUndefined()
    expect(chunks.map((chunk) => chunk.choices[0]?.delta)).toEqual([{ role: 'assistant', content: '' }, { content: 'Bonjour' }, { content: ' le monde 👋 — ça va ?' }, {}])
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('stop')
    expect(chunks.every((chunk) => chunk.id === 'chatcmpl-test' && chunk.object === 'chat.completion.chunk' && chunk.model === body.model)).toBe(true)
  })

  test('sends the usage chunk after the finish chunk only when include_usage was asked', async () => {
    const withUsage = await translate('text-stream.bin', true)
    expect(withUsage.chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18, prompt_tokens_details: { cached_tokens: 3 } } })
    expect(withUsage.chunks.at(-2)?.choices[0].finish_reason).toBe('stop')
    const without = await translate('text-stream.bin')
    expect(without.chunks.some((chunk) => chunk.usage)).toBe(false)
  })

  test('numbers tool calls among tool blocks and streams their argument fragments', async () => {
    const { chunks } = await translate('tool-stream.bin')
    const toolDeltas = chunks.flatMap((chunk) => (chunk.choices[0]?.delta as any)?.tool_calls ?? [])
    expect(toolDeltas).toEqual([
      { index: 0, id: 'tooluse_weather01', type: 'function', function: { name: 'get_weather', arguments: '' } },
      { index: 0, function: { arguments: '{"city":' } },
      { index: 0, function: { arguments: '"Paris"}' } },
      { index: 1, id: 'tooluse_time02', type: 'function', function: { name: 'get_time', arguments: '' } },
      { index: 1, function: { arguments: '{"tz":"CET"}' } },
    ])
    expect(chunks.map((chunk) => (chunk.choices[0]?.delta as any)?.content).filter(Boolean)).toEqual(['Let me check.'])
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('tool_calls')
  })

  test('raises a throttling exception frame as a retryable 429', async () => {
    const { chunks, error } = await translate('throttling-exception.bin')
    expect(chunks).toEqual([])
    expect(error).toBeInstanceOf(GatewayError)
    expect(error).toMatchObject({ status: 429, retryable: true, message: 'Too many requests, please wait before trying again.' })
  })

  test('raises a mid-stream modelStreamErrorException after the content sent so far', async () => {
    const { chunks, error } = await translate('mid-stream-exception.bin')
    expect(chunks.map((chunk) => chunk.choices[0]?.delta)).toEqual([{ role: 'assistant', content: '' }, { content: 'Hello' }])
    expect(error).toMatchObject({ status: 502, retryable: true })
  })

  test.each([
    ['validationException', 400, false],
    ['serviceUnavailableException', 503, true],
    ['internalServerException', 500, true],
  ])('maps a %s frame to %i', async (type, status, retryable) => {
    const { error } = await runTransform([{ event: `exception:${type}`, data: '{"message":"m"}' }], createBedrockStreamTransform(makeContext(body)))
    expect(error).toMatchObject({ status, retryable })
  })

  test('raises an error frame as a server error', async () => {
    const { error } = await translate('internal-error.bin')
    expect(error).toMatchObject({ status: 500, message: 'An internal error occurred. (InternalFailure)' })
  })

  test('skips a malformed frame, reports it, and keeps going', async () => {
    const context = makeContext(body)
    const input: SseEvent[] = [
      { event: 'messageStart', data: '{"role":"assistant"}' },
      { event: 'contentBlockDelta', data: '{"contentBlockIndex":0,"delta":' },
      { event: 'contentBlockDelta', data: '{"contentBlockIndex":0,"delta":{"text":"ok"}}' },
      { event: 'messageStop', data: '{"stopReason":"end_turn"}' },
    ]
    const { chunks, error } = await runTransform(input, createBedrockStreamTransform(context))
    expect(error).toBeUndefined()
    expect(chunks.map((chunk) => chunk.choices[0]?.delta)).toEqual([{ role: 'assistant', content: '' }, { content: 'ok' }, {}])
    expect(context.warnings).toHaveLength(1)
  })
})
