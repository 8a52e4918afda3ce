import { describe, expect, it } from 'vitest'
import { fromGenerateContent } from '../../../providers/google/from-generate-content'
import { mapGeminiFinishReason } from '../../../providers/google/map-finish-reason'
import { mapGeminiUsage } from '../../../providers/google/map-usage'
import { GatewayError } from '../../../worker/http/errors'
import { context, fixtureJson } from './helpers'

const map = (json: unknown, body = { model: 'gemini-2.5-flash' }) => fromGenerateContent(json, context(body)) as any

describe('Gemini response → chat.completion', () => {
  it('joins the text parts, leaving out thought summaries', () => {
    const completion = map(fixtureJson('generate-text.json'))
    expect(completion).toMatchObject({ id: 'chatcmpl-local', object: 'chat.completion', created: 1730000000, model: 'gemini-2.5-flash' })
    expect(completion.choices).toEqual([{ index: 0, message: { role: 'assistant', content: 'Hello wörld', refusal: null }, finish_reason: 'stop', logprobs: null }])
  })

  it('maps usage with thinking tokens as completion and reasoning tokens, and cached tokens', () => {
    expect(map(fixtureJson('generate-text.json')).usage).toEqual({
      prompt_tokens: 28, completion_tokens: 643 + 1174, total_tokens: 1845,
      prompt_tokens_details: { cached_tokens: 20 }, completion_tokens_details: { reasoning_tokens: 1174 },
    })
  })

  it('turns function calls into tool_calls with null content and finish_reason tool_calls, although Gemini says STOP', () => {
    const choice = map(fixtureJson('generate-tool-call.json')).choices[0]
    expect(choice.finish_reason).toBe('tool_calls')
    expect(choice.message.content).toBeNull()
    expect(choice.message.tool_calls.map((call: any) => [call.type, call.function])).toEqual([
      ['function', { name: 'get_weather', arguments: '{"city":"Paris"}' }],
      ['function', { name: 'get_weather', arguments: '{"city":"Lyon"}' }],
    ])
  })

  it('gives tool calls without a Gemini id stable, distinct call_ ids: the same response always yields the same ids', () => {
    const first = map(fixtureJson('generate-tool-call.json')).choices[0].message.tool_calls.map((call: any) => call.id)
    const second = map(fixtureJson('generate-tool-call.json')).choices[0].message.tool_calls.map((call: any) => call.id)
    expect(first).toEqual(second)
    expect(first[0]).toMatch(/^call_[0-9a-f]{16}$/)
    expect(first[0]).not.toBe(first[1])
    const other = fixtureJson('generate-tool-call.json')
    other.responseId = 'another-response'
    expect(map(other).choices[0].message.tool_calls[0].id).not.toBe(first[0])
  })

  it('keeps the id Gemini gives a function call, and carries its thought signature in extra_content', () => {
    const json = { candidates: [{ content: { parts: [{ functionCall: { id: 'fc-1', name: 'f', args: {} }, thoughtSignature: 'c2ln' }] }, finishReason: 'STOP' }] }
    expect(map(json).choices[0].message.tool_calls[0]).toEqual({ id: 'fc-1', type: 'function', function: { name: 'f', arguments: '{}' }, extra_content: { google: { thought_signature: 'c2ln' } } })
  })

  it('maps each candidate to a choice with its own index and finish reason', () => {
    const choices = map(fixtureJson('generate-two-candidates.json')).choices
    expect(choices.map((choice: any) => [choice.index, choice.message.content, choice.finish_reason])).toEqual([[0, 'One', 'stop'], [1, 'Two', 'length']])
  })

  it('answers a prompt blocked before any candidate with one empty choice finished by content_filter', () => {
    const completion = map(fixtureJson('generate-blocked.json'))
    expect(completion.choices).toEqual([{ index: 0, message: { role: 'assistant', content: '', refusal: null }, finish_reason: 'content_filter', logprobs: null }])
    expect(completion.usage.prompt_tokens).toBe(9)
  })

  it('answers a candidate stopped for safety with empty content and content_filter', () => {
    const choice = map({ candidates: [{ finishReason: 'SAFETY', index: 0 }] }).choices[0]
    expect(choice).toMatchObject({ message: { content: '' }, finish_reason: 'content_filter' })
  })

  it('maps logprobs when Gemini returns them', () => {
    const json = {
      candidates: [{
        content: { parts: [{ text: 'Hi' }] }, finishReason: 'STOP',
        logprobsResult: { chosenCandidates: [{ token: 'Hi', logProbability: -0.1 }], topCandidates: [{ candidates: [{ token: 'Hi', logProbability: -0.1 }, { token: 'Hey', logProbability: -2.3 }] }] },
      }],
    }
    expect(map(json).choices[0].logprobs).toEqual({
      content: [{ token: 'Hi', logprob: -0.1, bytes: null, top_logprobs: [{ token: 'Hi', logprob: -0.1 }, { token: 'Hey', logprob: -2.3 }] }],
    })
  })

  it('raises a 502 for a body that is not a Gemini response', () => {
    expect(() => map({ candidates: 'nope' })).toThrow(GatewayError)
  })
})

describe('mapGeminiFinishReason', () => {
  it.each([
    ['STOP', false, 'stop'],
    ['STOP', true, 'tool_calls'],
    ['MAX_TOKENS', false, 'length'],
    ...['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_RECITATION'].map((reason) => [reason, false, 'content_filter']),
    ...['MALFORMED_FUNCTION_CALL', 'UNEXPECTED_TOOL_CALL', 'TOO_MANY_TOOL_CALLS', 'LANGUAGE', 'OTHER', 'NO_IMAGE', 'IMAGE_OTHER', 'FINISH_REASON_UNSPECIFIED'].map((reason) => [reason, false, 'stop']),
    ['SOMETHING_NEW', false, 'something_new'],
  ] as Array<[string, boolean, string]>)('maps %s (tool calls: %s) to %s', (reason, hasToolCalls, expected) => {
    expect(mapGeminiFinishReason(reason, hasToolCalls)).toBe(expected)
  })
})

describe('mapGeminiUsage', () => {
  it('counts tool-use prompt tokens as prompt and falls back to the sum for a missing total', () => {
    expect(mapGeminiUsage({ promptTokenCount: 10, toolUsePromptTokenCount: 5, candidatesTokenCount: 3 })).toEqual({
      prompt_tokens: 15, completion_tokens: 3, total_tokens: 18, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 },
    })
  })
})
