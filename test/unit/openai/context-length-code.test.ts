import { describe, expect, test } from 'vitest'
import { mapOpenAIError } from '../../../providers/openai'

describe('context overflow from OpenAI-format providers that send no code', () => {
  test.each([
    ['Mistral', "Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length"],
    ['OpenRouter', "This endpoint's maximum context length is 128000 tokens. However, you requested about 130000 tokens."],
    ['vLLM', "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens."],
  ])('%s wording gets code context_length_exceeded', (_provider, message) => {
    const error = mapOpenAIError(400, { object: 'error', message, type: 'invalid_request_error', code: null }, new Headers(), 'mistral-ai')
    expect(error).toMatchObject({ status: 400, code: 'context_length_exceeded', message })
  })

  test("a provider's own code is kept, and other 400s get none", () => {
    expect(mapOpenAIError(400, { error: { message: 'maximum context length', code: 'string_above_max_length' } }, new Headers()).code).toBe('string_above_max_length')
    expect(mapOpenAIError(400, { error: { message: "Invalid value for 'temperature'" } }, new Headers()).code).toBeNull()
    expect(mapOpenAIError(429, { error: { message: 'maximum context length' } }, new Headers()).code).toBeNull()
  })
})
