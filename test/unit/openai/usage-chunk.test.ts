import { describe, expect, test } from 'vitest'
import { createUsageChunkEmitter } from '../../../providers/openai'
import type { OpenAIChunk } from '../../../providers/types'

const usage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 }
const finishChunk = (extra: Partial<OpenAIChunk> = {}): OpenAIChunk => ({
  id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], ...extra,
})

describe('the usage chunk emitter (providers that report usage their own way)', () => {
  test('usage on a chunk with choices (Mistral) is removed when the caller did not ask for it', () => {
    const out = createUsageChunkEmitter(false).after(finishChunk({ usage }), usage)
    expect(out).toEqual([finishChunk()])
    expect('usage' in out[0]).toBe(false)
  })

  test('when asked, the usage moves to one final chunk with empty choices, as OpenAI sends it', () => {
    const out = createUsageChunkEmitter(true).after(finishChunk({ usage }), usage)
    expect(out).toEqual([finishChunk(), { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage }])
  })

  test('a provider usage chunk is passed on once when asked and dropped when not', () => {
    const usageOnly: OpenAIChunk = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage }
    const asked = createUsageChunkEmitter(true)
    expect(asked.after(usageOnly, usage)).toEqual([usageOnly])
    expect(asked.after(usageOnly, usage)).toEqual([])
    expect(createUsageChunkEmitter(false).after(usageOnly, usage)).toEqual([])
  })
})
