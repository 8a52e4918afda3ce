import { describe, expect, it } from 'vitest'
import { createGeminiStreamTransform } from '../../../providers/google/create-stream-transform'
import { fromGenerateContent } from '../../../providers/google/from-generate-content'
import { GatewayError } from '../../../worker/http/errors'
import { chunkings, replaySse as replay } from '../../helpers/rechunk'
import { context, fixtureBytes } from './helpers'

const run = (chunks: Uint8Array[], includeUsage = true, model = 'gemini-2.5-flash') => {
  const ctx = context({ model, stream: true }, includeUsage)
  return replay(chunks, createGeminiStreamTransform(ctx)).then((result) => ({ ...result, warnings: ctx.warnings }))
}
const text = (chunks: any[]) => chunks.flatMap((chunk) => chunk.choices.map((choice: any) => choice.delta.content ?? '')).join('')
const finishes = (chunks: any[]) => chunks.flatMap((chunk) => chunk.choices.map((choice: any) => choice.finish_reason)).filter(Boolean)

describe.each(['text.sse', 'text-crlf.sse'])('Gemini stream %s', (fixture) => {
  for (const { name, chunks } of chunkings(fixtureBytes(fixture))) {
    it(`yields the same chunks when replayed ${name}`, async () => {
      const result = await run(chunks)
      expect(result.error).toBeUndefined()
      expect(result.warnings).toEqual([])
      expect(text(result.chunks)).toBe('Grüße aus Zürich 🇨🇭 和平!')
      expect(result.chunks).toHaveLength(4) // three Gemini chunks, then usage
      expect(result.chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: 'Grüße aus ' })
      expect(result.chunks[1].choices[0].delta).not.toHaveProperty('role')
      expect(finishes(result.chunks)).toEqual(['stop'])
      expect(result.chunks[2].choices[0].finish_reason).toBe('stop')
      expect(result.chunks[3]).toMatchObject({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 18, total_tokens: 27, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 12 } } })
      for (const chunk of result.chunks) expect(chunk).toMatchObject({ id: 'chatcmpl-local', object: 'chat.completion.chunk', created: 1730000000, model: 'gemini-2.5-flash' })
    })
  }
})

describe('Gemini stream translation', () => {
  it('sends no usage chunk unless the caller asked for it', async () => {
    const result = await run([fixtureBytes('text.sse')], false)
    expect(result.chunks.every((chunk) => chunk.choices.length > 0 && !('usage' in chunk))).toBe(true)
  })

  it('emits each function call as one complete tool-call delta and finishes with tool_calls', async () => {
    for (const { chunks } of chunkings(fixtureBytes('tool-call.sse'))) {
      const result = await run(chunks, true, 'gemini-3-flash-preview')
      const [first] = result.chunks as any[]
      expect(first.choices[0].delta.role).toBe('assistant')
      expect(first.choices[0].finish_reason).toBe('tool_calls')
      const calls = first.choices[0].delta.tool_calls as any[]
      expect(calls.map((call) => [call.index, call.type, call.function])).toEqual([
        [0, 'function', { name: 'get_weather', arguments: '{"city":"Paris"}' }],
        [1, 'function', { name: 'get_time', arguments: '{"zone":"Europe/Paris"}' }],
      ])
      expect(calls[0].id).toMatch(/^call_/)
      expect(calls[0].extra_content).toEqual({ google: { thought_signature: 'c2lnLW9uZQ==' } })
      expect(result.chunks[1].usage).toMatchObject({ completion_tokens: 42 })
    }
  })

  it('gives streamed tool calls the same ids as the whole response would', async () => {
    const result = await run([fixtureBytes('tool-call-late-finish.sse')])
    const streamed = result.chunks.flatMap((chunk) => chunk.choices.flatMap((choice: any) => choice.delta.tool_calls ?? []))
    const whole = fromGenerateContent({ candidates: [{ content: { parts: [{ text: 'Let me check. ' }, { functionCall: { name: 'get_weather', args: { city: 'Zürich' } } }] }, finishReason: 'STOP', index: 0 }], responseId: 'resp-tool-2' }, context()) as any
    expect(streamed.map((call: any) => call.id)).toEqual(whole.choices[0].message.tool_calls.map((call: any) => call.id))
  })

  it('finishes with tool_calls when the call came in an earlier chunk than STOP', async () => {
    const result = await run([fixtureBytes('tool-call-late-finish.sse')])
    expect(finishes(result.chunks)).toEqual(['tool_calls'])
    expect(text(result.chunks)).toBe('Let me check. ')
  })

  it('leaves thought summaries and signature-only parts out of the text', async () => {
    const result = await run([fixtureBytes('thinking.sse')])
    expect(text(result.chunks)).toBe('Warsaw is the capital.')
    expect(result.chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: 'Warsaw is the capital.' })
    expect(finishes(result.chunks)).toEqual(['stop'])
    expect(result.chunks.at(-1)!.usage).toMatchObject({ completion_tokens: 125, completion_tokens_details: { reasoning_tokens: 120 } })
  })

  it('maps MAX_TOKENS to length and SAFETY to content_filter', async () => {
    expect(finishes((await run([fixtureBytes('length.sse')])).chunks)).toEqual(['length'])
    const safety = await run([fixtureBytes('safety.sse')])
    expect(finishes(safety.chunks)).toEqual(['content_filter'])
    expect(text(safety.chunks)).toBe('I can')
  })

  it('answers a blocked prompt with one empty content_filter choice', async () => {
    const result = await run([fixtureBytes('blocked.sse')])
    expect(result.chunks[0].choices).toEqual([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: 'content_filter', logprobs: null }])
    expect(result.chunks[1].usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 0 })
  })

  it('errors the stream with a GatewayError when a chunk carries a top-level error, after the text before it', async () => {
    for (const { chunks } of chunkings(fixtureBytes('error.sse'))) {
      const result = await run(chunks)
      expect(text(result.chunks)).toBe('Hello')
      expect(result.error).toBeInstanceOf(GatewayError)
      expect(result.error).toMatchObject({ status: 503, retryable: true, message: 'The model is overloaded. Please try again later.' })
    }
  })

  it('skips and reports an event that is not JSON, and carries on', async () => {
    const bytes = new TextEncoder().encode('data: {"candidates": [\n\n' + new TextDecoder().decode(fixtureBytes('length.sse')))
    const result = await run([bytes])
    expect(result.warnings).toHaveLength(1)
    expect(text(result.chunks)).toBe('The answer is cut')
  })

  it('keeps separate state per candidate when n > 1', async () => {
    const event = (index: number, text: string, finishReason?: string) => ({ content: { parts: [{ text }] }, index, ...(finishReason ? { finishReason } : {}) })
    const sse = [
      { candidates: [event(0, 'A'), event(1, 'B')] },
      { candidates: [event(0, 'a', 'STOP'), event(1, 'b', 'MAX_TOKENS')] },
    ].map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')
    const result = await run([new TextEncoder().encode(sse)])
    expect(result.chunks[0].choices.map((choice: any) => choice.delta)).toEqual([{ role: 'assistant', content: 'A' }, { role: 'assistant', content: 'B' }])
    expect(result.chunks[1].choices.map((choice: any) => [choice.delta, choice.finish_reason])).toEqual([[{ content: 'a' }, 'stop'], [{ content: 'b' }, 'length']])
  })
})
