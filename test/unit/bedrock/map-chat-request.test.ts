import { describe, expect, test } from 'vitest'
import { bedrockAdapter } from '../../../providers/bedrock'
import { DROPPED_CHAT_PARAMETERS, mapChatRequest } from '../../../providers/bedrock/map-chat-request'
import type { OpenAIBody } from '../../../providers/types'
import { GatewayError } from '../../../worker/http/errors'

const MODEL = 'anthropic.claude-3-5-sonnet-20240620-v1:0'
const converse = (body: Partial<OpenAIBody>) => JSON.parse(mapChatRequest({ model: MODEL, ...body } as OpenAIBody).body as string)
const rejection = (body: Partial<OpenAIBody>) => {
  try {
    mapChatRequest({ model: MODEL, ...body } as OpenAIBody)
  } catch (error) {
    return error as GatewayError
  }
  throw new Error('expected a 400')
}

describe('Converse request path', () => {
  test('percent-encodes the model id and picks converse or converse-stream', () => {
    expect(mapChatRequest({ model: MODEL, messages: [] }).path).toBe('/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse')
    const streaming = mapChatRequest({ model: 'us.anthropic.claude-3-5-sonnet-20240620-v1:0', messages: [], stream: true })
    expect(streaming.path).toBe('/model/us.anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream')
    expect(streaming.stream).toBe(true)
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.meta.llama3-1-8b-instruct-v1:0'
    expect(mapChatRequest({ model: arn, messages: [] }).path).toBe(`/model/${encodeURIComponent(arn)}/converse`)
  })

  test('rejects a missing model and n > 1', () => {
    expect(() => mapChatRequest({ messages: [] })).toThrow(GatewayError)
    expect(rejection({ messages: [], n: 2 }).param).toBe('n')
  })
})

describe('Converse messages', () => {
  test('moves system and developer messages to system blocks', () => {
    const request = converse({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'user', content: 'Hi' },
      ],
    })
    expect(request.system).toEqual([{ text: 'Be brief.' }, { text: 'Answer in French.' }])
    expect(request.messages).toEqual([{ role: 'user', content: [{ text: 'Hi' }] }])
  })

  test('maps a data-URL image to an image block with base64 bytes', () => {
    const request = converse({
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/AAAA' } }] }],
    })
    expect(request.messages[0].content).toEqual([{ text: 'What is this?' }, { image: { format: 'jpeg', source: { bytes: '/9j/AAAA' } } }])
  })

  test('rejects https image URLs and unsupported image types with a 400 naming the part', () => {
    const url = rejection({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }] })
    expect(url.status).toBe(400)
    expect(url.message).toMatch(/image URLs/)
    expect(url.param).toBe('messages[0].content[0].image_url.url')
    expect(rejection({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/tiff;base64,AAAA' } }] }] }).message).toContain('image/tiff')
  })

  test('maps assistant tool calls to toolUse and tool messages to one user turn of toolResults', () => {
    const request = converse({
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'rainy' }] },
        { role: 'user', content: 'Thanks' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
    })
    expect(request.messages).toEqual([
      { role: 'user', content: [{ text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { text: 'Checking.' },
          { toolUse: { toolUseId: 'call_1', name: 'get_weather', input: { city: 'Paris' } } },
          { toolUse: { toolUseId: 'call_2', name: 'get_weather', input: { city: 'Rome' } } },
        ],
      },
      {
        role: 'user',
        content: [
          { toolResult: { toolUseId: 'call_1', content: [{ text: 'sunny' }] } },
          { toolResult: { toolUseId: 'call_2', content: [{ text: 'rainy' }] } },
          { text: 'Thanks' },
        ],
      },
    ])
  })

  test('merges consecutive same-role turns and drops empty text', () => {
    const request = converse({ messages: [{ role: 'user', content: 'a' }, { role: 'user', content: '' }, { role: 'user', content: 'b' }] })
    expect(request.messages).toEqual([{ role: 'user', content: [{ text: 'a' }, { text: 'b' }] }])
  })

  test('keeps a trailing assistant message as a prefill without trailing whitespace', () => {
    const request = converse({ messages: [{ role: 'user', content: 'Count' }, { role: 'assistant', content: 'One, two, ' }] })
    expect(request.messages.at(-1)).toEqual({ role: 'assistant', content: [{ text: 'One, two,' }] })
  })

  test('rejects tool-call arguments that are not JSON', () => {
    const error = rejection({ messages: [{ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{oops' } }] }] })
    expect(error.param).toBe('messages[0].tool_calls[0].function.arguments')
  })
})

describe('Converse inference and tool config', () => {
  test('maps max tokens, temperature, top_p and stop', () => {
    expect(converse({ messages: [], max_completion_tokens: 100, max_tokens: 5, temperature: 0.2, top_p: 0.9, stop: 'END' }).inferenceConfig).toEqual({
      maxTokens: 100,
      temperature: 0.2,
      topP: 0.9,
      stopSequences: ['END'],
    })
    expect(converse({ messages: [], max_tokens: 5, stop: ['a', ''] }).inferenceConfig).toEqual({ maxTokens: 5, stopSequences: ['a'] })
    expect(converse({ messages: [] }).inferenceConfig).toBeUndefined()
  })

  const tools = [
    { type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
    { type: 'function', function: { name: 'ping' } },
  ]

  test('maps tools to toolSpecs, with an empty object schema when parameters are absent', () => {
    expect(converse({ messages: [], tools }).toolConfig).toEqual({
      tools: [
        { toolSpec: { name: 'get_weather', description: 'Weather by city', inputSchema: { json: tools[0].function.parameters } } },
        { toolSpec: { name: 'ping', inputSchema: { json: { type: 'object', properties: {} } } } },
      ],
    })
  })

  test('maps tool_choice auto, required and a named function', () => {
    expect(converse({ messages: [], tools, tool_choice: 'auto' }).toolConfig.toolChoice).toEqual({ auto: {} })
    expect(converse({ messages: [], tools, tool_choice: 'required' }).toolConfig.toolChoice).toEqual({ any: {} })
    expect(converse({ messages: [], tools, tool_choice: { type: 'function', function: { name: 'ping' } } }).toolConfig.toolChoice).toEqual({ tool: { name: 'ping' } })
  })

  test('tool_choice none omits the tools, unless the conversation holds tool blocks', () => {
    expect(converse({ messages: [{ role: 'user', content: 'hi' }], tools, tool_choice: 'none' }).toolConfig).toBeUndefined()
    const withHistory = converse({
      messages: [{ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'ping', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c', content: 'pong' }],
      tools,
      tool_choice: 'none',
    })
    expect(withHistory.toolConfig.tools).toHaveLength(2)
    expect(withHistory.toolConfig.toolChoice).toBeUndefined()
  })

  test('drops the parameters Converse cannot express', () => {
    const body: Record<string, unknown> = { messages: [{ role: 'user', content: 'hi' }] }
    for (const name of DROPPED_CHAT_PARAMETERS) body[name] = name === 'response_format' ? { type: 'json_object' } : 1
    expect(Object.keys(converse(body))).toEqual(['messages'])
  })
})

describe('adapter capabilities', () => {
  test('prefill is offered for Anthropic models only', () => {
    const prefill = bedrockAdapter.capabilities?.prefill as (model: string) => boolean
    expect(prefill(MODEL)).toBe(true)
    expect(prefill('us.anthropic.claude-3-5-sonnet-20240620-v1:0')).toBe(true)
    expect(prefill('arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0')).toBe(true)
    expect(prefill('meta.llama3-1-70b-instruct-v1:0')).toBe(false)
    expect(prefill('amazon.nova-pro-v1:0')).toBe(false)
  })

  test('base URL follows awsRegion, us-east-1 by default', () => {
    expect(bedrockAdapter.baseUrl({ path: 'x', provider: 'bedrock', keySource: 'none', options: { awsRegion: 'eu-central-1' } })).toBe('https://bedrock-runtime.eu-central-1.amazonaws.com')
    expect(bedrockAdapter.baseUrl({ path: 'x', provider: 'bedrock', keySource: 'none', options: {} })).toBe('https://bedrock-runtime.us-east-1.amazonaws.com')
  })
})
