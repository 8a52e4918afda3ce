import { describe, expect, test } from 'vitest'
import { fromAnthropicMessage, mapAnthropicUsage } from '../../../providers/anthropic'
import { GatewayError } from '../../../worker/http/errors'
import { context, fixtureJson } from './helpers'

describe('Anthropic response mapping', () => {
  test('joins text blocks, drops thinking, keeps the upstream id and model', () => {
    expect(fromAnthropicMessage(fixtureJson('message-text.json'), context())).toEqual({
      id: 'msg_01TextMessage',
      object: 'chat.completion',
      created: 1730000000,
      model: 'claude-sonnet-4-5-20250929',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Bonjour à tous.', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 39, completion_tokens: 9, total_tokens: 48, prompt_tokens_details: { cached_tokens: 10, cache_write_tokens: 4 } },
    })
  })

  test('maps tool_use blocks onto tool calls with their ids and JSON arguments', () => {
    const response = fromAnthropicMessage(fixtureJson('message-tool-use.json'), context()) as any
    expect(response.choices[0].finish_reason).toBe('tool_calls')
    expect(response.choices[0].message).toEqual({
      role: 'assistant',
      content: 'Let me check.',
      refusal: null,
      tool_calls: [
        { id: 'toolu_01XyZ', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { id: 'toolu_02AbC', type: 'function', function: { name: 'get_time', arguments: '{}' } },
      ],
    })
    expect(response.usage).toEqual({ prompt_tokens: 310, completion_tokens: 45, total_tokens: 355, prompt_tokens_details: { cached_tokens: 0 } })
  })

  test('gives null content when the message has no text block', () => {
    const response = fromAnthropicMessage({ id: 'msg_1', model: 'm', content: [], stop_reason: 'refusal', usage: { input_tokens: 1, output_tokens: 0 } }, context()) as any
    expect(response.choices[0].message.content).toBeNull()
    expect(response.choices[0].finish_reason).toBe('content_filter')
  })

  test.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['a_future_reason', 'a_future_reason'],
  ])('maps stop_reason %s to finish_reason %s', (stopReason, finishReason) => {
    const response = fromAnthropicMessage({ id: 'msg_1', model: 'm', content: [{ type: 'text', text: 'x' }], stop_reason: stopReason, usage: { input_tokens: 1, output_tokens: 1 } }, context()) as any
    expect(response.choices[0].finish_reason).toBe(finishReason)
  })

  test('counts cache reads and writes into prompt_tokens', () => {
    expect(mapAnthropicUsage({ input_tokens: 8, output_tokens: 7, cache_read_input_tokens: 3, cache_creation_input_tokens: 5 })).toEqual({
      prompt_tokens: 16, completion_tokens: 7, total_tokens: 23, prompt_tokens_details: { cached_tokens: 3, cache_write_tokens: 5 },
    })
  })

  test('answers 502 for a body that is not an Anthropic message', () => {
    const thrown = (() => { try { fromAnthropicMessage({ type: 'message' }, context()) } catch (error) { return error } })()
    expect(thrown).toBeInstanceOf(GatewayError)
    expect((thrown as GatewayError).status).toBe(502)
  })
})
