import { describe, expect, test } from 'vitest'
import { GatewayError } from '../../../worker/http/errors'
import { mapCohereChatResponse } from '../../../providers/cohere/map-cohere-chat-response'
import { mapCohereFinishReason } from '../../../providers/cohere/map-cohere-finish-reason'
import { mapCohereUsage } from '../../../providers/cohere/map-cohere-usage'
import { fixture, makeContext } from './helpers'

const json = (name: string) => JSON.parse(new TextDecoder().decode(fixture(name)))
const { context } = makeContext({ model: 'command-a-03-2025', messages: [] })

describe('mapCohereChatResponse', () => {
  test('joins text items into content and keeps Cohere id, model and usage', () => {
    expect(mapCohereChatResponse(json('text.json'), context)).toEqual({
      id: '1f476b96-75b3-4223-a19b-cccf591d161c',
      object: 'chat.completion',
      created: 1_730_000_000,
      model: 'command-a-03-2025',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Bonjour, ça va ? 🌍', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 215, completion_tokens: 6, total_tokens: 221, prompt_tokens_details: { cached_tokens: 128 } },
    })
  })

  test('maps tool calls with content null and finish_reason tool_calls, dropping tool_plan', () => {
    const mapped: any = mapCohereChatResponse(json('tool-call.json'), context)
    expect(mapped.choices[0].finish_reason).toBe('tool_calls')
    expect(mapped.choices[0].message).toEqual({
      role: 'assistant',
      content: null,
      refusal: null,
      tool_calls: [{ id: 'get_weather_k3v9x1', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Zürich"}' } }],
    })
  })

  test('exposes thinking items as reasoning_content, not as content', () => {
    const mapped: any = mapCohereChatResponse(
      { id: 'x', finish_reason: 'COMPLETE', message: { role: 'assistant', content: [{ type: 'thinking', thinking: 'Hmm.' }, { type: 'text', text: 'Yes.' }] } },
      context,
    )
    expect(mapped.choices[0].message).toMatchObject({ content: 'Yes.', reasoning_content: 'Hmm.' })
  })

  test('uses the gateway id when Cohere sends none, and an empty tool argument string becomes {}', () => {
    const mapped: any = mapCohereChatResponse(
      { finish_reason: 'TOOL_CALL', message: { tool_calls: [{ id: 't1', type: 'function', function: { name: 'now', arguments: '' } }] } },
      context,
    )
    expect(mapped.id).toBe('chatcmpl-gateway')
    expect(mapped.choices[0].message.tool_calls[0].function.arguments).toBe('{}')
  })

  test('raises finish_reason ERROR as a retryable server error', () => {
    const thrown = (() => { try { mapCohereChatResponse({ id: 'x', finish_reason: 'ERROR', message: { content: [] } }, context) } catch (error) { return error } })()
    expect(thrown).toBeInstanceOf(GatewayError)
    expect(thrown).toMatchObject({ status: 500, retryable: true })
  })

  test('answers 502 for a body it cannot read', () => {
    expect(() => mapCohereChatResponse({ message: { content: 'not an array' } }, context)).toThrow(GatewayError)
    expect(() => mapCohereChatResponse('nope', context)).toThrow(/cannot read/)
  })
})

describe('mapCohereFinishReason', () => {
  test.each([
    ['COMPLETE', 'stop'],
    ['STOP_SEQUENCE', 'stop'],
    ['MAX_TOKENS', 'length'],
    ['TIMEOUT', 'length'],
    ['TOOL_CALL', 'tool_calls'],
    [undefined, 'stop'],
    ['SOMETHING_NEW', 'SOMETHING_NEW'],
  ])('maps %s to %s', (cohere, openai) => {
    expect(mapCohereFinishReason(cohere)).toBe(openai)
  })
})

describe('mapCohereUsage', () => {
  test('prefers tokens, falls back to billed_units, and reports cached tokens', () => {
    expect(mapCohereUsage({ billed_units: { input_tokens: 5, output_tokens: 2 }, tokens: { input_tokens: 500, output_tokens: 5 }, cached_tokens: 448 }))
      .toEqual({ prompt_tokens: 500, completion_tokens: 5, total_tokens: 505, prompt_tokens_details: { cached_tokens: 448 } })
    expect(mapCohereUsage({ billed_units: { input_tokens: 5, output_tokens: 2 }, tokens: null }))
      .toEqual({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 })
    expect(mapCohereUsage(undefined)).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 })
  })
})
