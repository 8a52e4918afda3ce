import { describe, expect, test } from 'vitest'
import { mapChatResponse } from '../../../providers/bedrock/map-chat-response'
import { mapBedrockStopReason } from '../../../providers/bedrock/map-stop-reason'
import { mapBedrockUsage } from '../../../providers/bedrock/map-usage'
import { GatewayError } from '../../../worker/http/errors'
import { makeContext } from './helpers'

const context = makeContext({ model: 'anthropic.claude-3-5-sonnet-20240620-v1:0' })
const usage = { inputTokens: 8, outputTokens: 7, totalTokens: 18, cacheReadInputTokens: 3, cacheWriteInputTokens: 0 }

describe('Converse response → chat.completion', () => {
  test('maps text, the gateway id, the model and usage', () => {
    const response = mapChatResponse({ output: { message: { role: 'assistant', content: [{ text: 'Hello' }, { text: ' world' }] } }, stopReason: 'end_turn', usage, metrics: { latencyMs: 5 } }, context)
    expect(response).toEqual({
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello world', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18, prompt_tokens_details: { cached_tokens: 3 } },
    })
  })

  test('maps toolUse blocks to tool_calls keeping toolUseId and stringifying input', () => {
    const response = mapChatResponse(
      {
        output: { message: { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } } }] } },
        stopReason: 'tool_use',
        usage,
      },
      context,
    ) as any
    expect(response.choices[0].message.content).toBeNull()
    expect(response.choices[0].message.tool_calls).toEqual([{ id: 'tooluse_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }])
    expect(response.choices[0].finish_reason).toBe('tool_calls')
  })

  test('leaves reasoning blocks out of the message', () => {
    const response = mapChatResponse(
      { output: { message: { content: [{ reasoningContent: { reasoningText: { text: 'hmm' } } }, { text: 'Answer' }] } }, stopReason: 'end_turn', usage },
      context,
    ) as any
    expect(response.choices[0].message.content).toBe('Answer')
  })

  test('answers 502 when the body is not a Converse response', () => {
    expect(() => mapChatResponse({ unexpected: true }, context)).toThrow(GatewayError)
  })
})

describe('stopReason → finish_reason', () => {
  test.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['guardrail_intervened', 'content_filter'],
    ['content_filtered', 'content_filter'],
    ['malformed_model_output', 'stop'],
    ['malformed_tool_use', 'stop'],
  ])('%s → %s', (stopReason, finishReason) => {
    expect(mapBedrockStopReason(stopReason)).toBe(finishReason)
  })

  test('an unknown value becomes stop and is reported with its raw value', () => {
    const warnings: string[] = []
    expect(mapBedrockStopReason('brand_new_reason', (message) => warnings.push(message))).toBe('stop')
    expect(warnings[0]).toContain('brand_new_reason')
  })
})

describe('usage', () => {
  test('adds cache reads and writes to prompt tokens', () => {
    expect(mapBedrockUsage({ inputTokens: 4, outputTokens: 10, cacheReadInputTokens: 1284, cacheWriteInputTokens: 16 })).toEqual({
      prompt_tokens: 1304,
      completion_tokens: 10,
      total_tokens: 1314,
      prompt_tokens_details: { cached_tokens: 1284, cache_write_tokens: 16 },
    })
  })

  test('has no details when Bedrock reports no cache counters', () => {
    expect(mapBedrockUsage({ inputTokens: 5, outputTokens: 2, totalTokens: 7 })).toEqual({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 })
  })
})
