import { describe, expect, test } from 'vitest'
import { GatewayError } from '../../../worker/http/errors'
import { mapCohereChatRequest } from '../../../providers/cohere/map-cohere-chat-request'
import type { OpenAIBody } from '../../../providers/types'

const user = [{ role: 'user', content: 'Hi' }]
const sent = (body: OpenAIBody) => JSON.parse(mapCohereChatRequest(body).body as string)
const rejects = (body: OpenAIBody, param?: string) => {
  try {
    mapCohereChatRequest(body)
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError)
    expect((error as GatewayError).status).toBe(400)
    if (param) expect((error as GatewayError).param).toBe(param)
    return
  }
  throw new Error('expected a 400')
}

describe('mapCohereChatRequest', () => {
  test('posts to /v2/chat with the model and messages, streaming only when asked', () => {
    const plain = mapCohereChatRequest({ model: 'command-a-03-2025', messages: user })
    expect(plain).toMatchObject({ path: '/v2/chat', method: 'POST', stream: false })
    expect(JSON.parse(plain.body as string)).toEqual({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Hi' }] })
    const streamed = mapCohereChatRequest({ model: 'command-a-03-2025', messages: user, stream: true, stream_options: { include_usage: true } })
    expect(streamed.stream).toBe(true)
    expect(JSON.parse(streamed.body as string)).toEqual({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Hi' }], stream: true })
  })

  test('rejects a missing model, empty messages and n > 1', () => {
    rejects({ messages: user }, 'model')
    rejects({ model: 'm', messages: [] }, 'messages')
    rejects({ model: 'm', messages: user, n: 2 }, 'n')
    expect(sent({ model: 'm', messages: user, n: 1 }).n).toBeUndefined()
  })

  test('sends system and developer turns as system messages, keeping text parts', () => {
    const body = sent({
      model: 'm',
      messages: [{ role: 'developer', content: 'Be brief.' }, { role: 'system', content: [{ type: 'text', text: 'Be kind.' }] }, ...user],
    })
    expect(body.messages.slice(0, 2)).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: [{ type: 'text', text: 'Be kind.' }] },
    ])
  })

  test('passes user text and image_url parts in Cohere v2 form, keeping detail', () => {
    const body = sent({
      model: 'm',
      messages: [{
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'low' } },
        ],
      }],
    })
    expect(body.messages[0].content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'low' } },
    ])
  })

  test('rejects user parts Cohere cannot read', () => {
    rejects({ model: 'm', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] }] }, 'messages[0].content[0].type')
    rejects({ model: 'm', messages: [{ role: 'function', name: 'f', content: 'x' }] }, 'messages[0].role')
  })

  test('maps assistant tool calls, moving accompanying text to tool_plan, and tool results', () => {
    const body = sent({
      model: 'm',
      messages: [
        ...user,
        { role: 'assistant', content: 'Let me check.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'sunny' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'It is ' }, { type: 'text', text: 'sunny.' }] },
      ],
    })
    expect(body.messages.slice(1)).toEqual([
      { role: 'assistant', tool_plan: 'Let me check.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'sunny' }] },
      { role: 'assistant', content: 'It is sunny.' },
    ])
  })

  test('leaves tool_plan out when an assistant tool call has no text, and requires tool_call_id', () => {
    const body = sent({ model: 'm', messages: [...user, { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }] })
    expect(body.messages[1]).toEqual({ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] })
    rejects({ model: 'm', messages: [...user, { role: 'tool', content: 'x' }] }, 'messages[1].tool_call_id')
  })

  const weather = { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }
  const time = { type: 'function', function: { name: 'get_time' } }

  test('maps tools, giving a tool without parameters an empty object schema, and strict to strict_tools', () => {
    const body = sent({ model: 'm', messages: user, tools: [weather, { type: 'function', function: { name: 'get_time', strict: true } }] })
    expect(body.tools).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
      { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } },
    ])
    expect(body.strict_tools).toBe(true)
    expect(sent({ model: 'm', messages: user, tools: [weather] }).strict_tools).toBeUndefined()
    rejects({ model: 'm', messages: user, tools: [{ type: 'custom', custom: { name: 'x' } }] }, 'tools[0]')
  })

  test('maps tool_choice: required → REQUIRED, none → NONE, auto → omitted', () => {
    expect(sent({ model: 'm', messages: user, tools: [weather], tool_choice: 'required' }).tool_choice).toBe('REQUIRED')
    expect(sent({ model: 'm', messages: user, tools: [weather], tool_choice: 'none' }).tool_choice).toBe('NONE')
    expect(sent({ model: 'm', messages: user, tools: [weather], tool_choice: 'auto' }).tool_choice).toBeUndefined()
  })

  test('forces a named tool by sending only that tool with REQUIRED', () => {
    const forced = sent({ model: 'm', messages: user, tools: [weather, time], tool_choice: { type: 'function', function: { name: 'get_time' } } })
    expect(forced.tool_choice).toBe('REQUIRED')
    expect(forced.tools.map((tool: any) => tool.function.name)).toEqual(['get_time'])
    const allowed = sent({
      model: 'm', messages: user, tools: [weather, time],
      tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [{ type: 'function', function: { name: 'get_weather' } }] } },
    })
    expect(allowed.tool_choice).toBeUndefined()
    expect(allowed.tools.map((tool: any) => tool.function.name)).toEqual(['get_weather'])
    rejects({ model: 'm', messages: user, tools: [weather], tool_choice: { type: 'function', function: { name: 'nope' } } }, 'tool_choice')
    rejects({ model: 'm', messages: user, tool_choice: 'required' }, 'tool_choice')
  })

  test('maps sampling parameters onto Cohere names', () => {
    const body = sent({
      model: 'm', messages: user, max_tokens: 50, temperature: 0.4, top_p: 0.8, top_k: 40, seed: 7, frequency_penalty: 0.2, presence_penalty: 0.1, stop: 'END',
    })
    expect(body).toMatchObject({ max_tokens: 50, temperature: 0.4, p: 0.8, k: 40, seed: 7, frequency_penalty: 0.2, presence_penalty: 0.1, stop_sequences: ['END'] })
    expect(body.top_p).toBeUndefined()
    expect(sent({ model: 'm', messages: user, max_tokens: 50, max_completion_tokens: 20 }).max_tokens).toBe(20)
    expect(sent({ model: 'm', messages: user, stop: ['a', 'b'] }).stop_sequences).toEqual(['a', 'b'])
  })

  test('maps response_format json_object and json_schema onto json_object with the schema', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }
    expect(sent({ model: 'm', messages: user, response_format: { type: 'json_object' } }).response_format).toEqual({ type: 'json_object' })
    expect(sent({ model: 'm', messages: user, response_format: { type: 'json_schema', json_schema: { name: 'person', schema, strict: true } } }).response_format)
      .toEqual({ type: 'json_object', json_schema: schema })
    expect(sent({ model: 'm', messages: user, response_format: { type: 'text' } }).response_format).toBeUndefined()
  })

  test('drops parameters Cohere has no equivalent for and passes its own fields through', () => {
    const body = sent({
      model: 'm', messages: user, logprobs: true, top_logprobs: 2, logit_bias: { 1: 1 }, user: 'u1', parallel_tool_calls: false, safety_mode: 'STRICT',
    })
    for (const field of ['logprobs', 'top_logprobs', 'logit_bias', 'user', 'parallel_tool_calls']) expect(body[field]).toBeUndefined()
    expect(body.safety_mode).toBe('STRICT')
  })
})
