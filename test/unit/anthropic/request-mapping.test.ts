import { describe, expect, test } from 'vitest'
import { ANTHROPIC_DROPPED_PARAMETERS, DEFAULT_MAX_TOKENS, JSON_OBJECT_INSTRUCTION, anthropicAdapter, buildAnthropicMessagesBody } from '../../../providers/anthropic'
import type { OpenAIBody } from '../../../providers/types'
import { GatewayError } from '../../../worker/http/errors'
import { target } from './helpers'

const build = (body: Partial<OpenAIBody>) => buildAnthropicMessagesBody({ model: 'claude-test', messages: [{ role: 'user', content: 'Hi' }], ...body }, target())
const rejection = (body: Partial<OpenAIBody>): GatewayError => {
  try {
    build(body)
  } catch (error) {
    if (error instanceof GatewayError) return error
    throw error
  }
  throw new Error('expected a 400')
}
const PNG = 'iVBORw0KGgo='

describe('Anthropic request mapping: body basics', () => {
  test('sends model and messages, and the default max_tokens when none is given', () => {
    expect(build({})).toEqual({ model: 'claude-test', messages: [{ role: 'user', content: 'Hi' }], max_tokens: DEFAULT_MAX_TOKENS })
    expect(DEFAULT_MAX_TOKENS).toBe(4096)
  })
  test('prefers max_completion_tokens over max_tokens', () => {
    expect(build({ max_completion_tokens: 300, max_tokens: 100 }).max_tokens).toBe(300)
    expect(build({ max_tokens: 100 }).max_tokens).toBe(100)
  })
  test('sets stream only when the caller streams', () => {
    expect(build({ stream: true }).stream).toBe(true)
    expect(build({ stream: false })).not.toHaveProperty('stream')
  })
  test('maps stop to stop_sequences (string or array)', () => {
    expect(build({ stop: 'END' }).stop_sequences).toEqual(['END'])
    expect(build({ stop: ['a', 'b'] }).stop_sequences).toEqual(['a', 'b'])
    expect(build({ stop: null })).not.toHaveProperty('stop_sequences')
  })
  test('clamps temperature into Anthropic range 0..1 and passes top_p', () => {
    expect(build({ temperature: 1.7 }).temperature).toBe(1)
    expect(build({ temperature: -0.5 }).temperature).toBe(0)
    expect(build({ temperature: 0.3, top_p: 0.9 })).toMatchObject({ temperature: 0.3, top_p: 0.9 })
  })
  test('maps user onto metadata.user_id', () => {
    expect(build({ user: 'user-42' }).metadata).toEqual({ user_id: 'user-42' })
  })
  test('rejects n > 1 with a 400 naming n', () => {
    const error = rejection({ n: 2 })
    expect(error.status).toBe(400)
    expect(error.param).toBe('n')
    expect(build({ n: 1 })).not.toHaveProperty('n')
  })
  test('drops parameters Anthropic has no equivalent for', () => {
    const dropped = { logprobs: true, top_logprobs: 2, logit_bias: { 1: 2 }, seed: 7, presence_penalty: 1, frequency_penalty: 1, stream_options: { include_usage: true } }
    const body = build(dropped)
    for (const name of Object.keys(dropped)) expect(body).not.toHaveProperty(name)
    for (const name of Object.keys(dropped)) expect(ANTHROPIC_DROPPED_PARAMETERS).toContain(name)
  })
  test('rejects the deprecated functions parameter rather than dropping it', () => {
    expect(rejection({ functions: [{ name: 'f' }] }).status).toBe(400)
  })
})

describe('Anthropic request mapping: system prompts and turns', () => {
  test('lifts system and developer messages from any position into the top-level system, in order', () => {
    const body = build({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
      ],
    })
    expect(body.system).toBe('Be brief.\n\nAnswer in French.')
    expect(body.messages).toEqual([{ role: 'user', content: 'Hi' }])
  })
  test('keeps system text blocks when one carries cache_control', () => {
    const body = build({ messages: [{ role: 'system', content: [{ type: 'text', text: 'Long context', cache_control: { type: 'ephemeral' } }] }, { role: 'user', content: 'Hi' }] })
    expect(body.system).toEqual([{ type: 'text', text: 'Long context', cache_control: { type: 'ephemeral' } }])
  })
  test('merges consecutive same-role messages into one turn so roles alternate', () => {
    const body = build({ messages: [{ role: 'user', content: 'One' }, { role: 'system', content: 'S' }, { role: 'user', content: [{ type: 'text', text: 'Two' }] }, { role: 'assistant', content: 'A' }, { role: 'assistant', content: 'B' }, { role: 'user', content: 'Three' }] })
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'One' }, { type: 'text', text: 'Two' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }] },
      { role: 'user', content: 'Three' },
    ])
  })
  test('sends a trailing assistant message as a prefill, without trailing whitespace', () => {
    const body = build({ messages: [{ role: 'user', content: 'Count' }, { role: 'assistant', content: 'One, two, ' }] })
    expect(body.messages).toEqual([{ role: 'user', content: 'Count' }, { role: 'assistant', content: [{ type: 'text', text: 'One, two,' }] }])
    expect(anthropicAdapter.capabilities?.prefill).toBe(true)
  })
  test('rejects an unknown role with a 400 naming the message', () => {
    expect(rejection({ messages: [{ role: 'function', name: 'f', content: 'x' }] }).param).toBe('messages[0].role')
  })
})

describe('Anthropic request mapping: images and files', () => {
  const userParts = (...parts: unknown[]) => build({ messages: [{ role: 'user', content: parts }] }).messages as any[]
  test('maps a data URL image onto a base64 source', () => {
    expect(userParts({ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}`, detail: 'high' } })[0].content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
    ])
  })
  test('maps an https image onto a url source', () => {
    expect(userParts({ type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } })[0].content).toEqual([{ type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } }])
  })
  test('rejects image formats Anthropic cannot decode with a 400 naming the part', () => {
    const error = rejection({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/svg+xml;base64,PHN2Zz4=' } }] }] })
    expect(error.status).toBe(400)
    expect(error.param).toBe('messages[0].content[0].image_url.url')
    expect(error.message).toContain('image/svg+xml')
  })
  test('maps a PDF file part onto a document block with its filename as title', () => {
    expect(userParts({ type: 'file', file: { filename: 'report.pdf', file_data: 'data:application/pdf;base64,JVBERi0x' } })[0].content).toEqual([
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' }, title: 'report.pdf' },
    ])
  })
  test('rejects non-PDF files and file ids', () => {
    expect(rejection({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_data: 'data:text/csv;base64,YSxi' } }] }] }).status).toBe(400)
    expect(rejection({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-1' } }] }] }).param).toBe('messages[0].content[0].file')
  })
  test('rejects audio parts', () => {
    expect(rejection({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AA', format: 'wav' } }] }] }).param).toBe('messages[0].content[0].type')
  })
})

describe('Anthropic request mapping: tools', () => {
  const weather = { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }
  test('maps function tools onto input_schema, defaulting the schema when parameters are absent', () => {
    expect(build({ tools: [weather, { type: 'function', function: { name: 'ping' } }] }).tools).toEqual([
      { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
      { name: 'ping', input_schema: { type: 'object', properties: {} } },
    ])
  })
  test.each([
    ['auto', { type: 'auto' }],
    ['none', { type: 'none' }],
    ['required', { type: 'any' }],
    [{ type: 'function', function: { name: 'get_weather' } }, { type: 'tool', name: 'get_weather' }],
  ])('maps tool_choice %j', (choice, expected) => {
    expect(build({ tools: [weather], tool_choice: choice }).tool_choice).toEqual(expected)
  })
  test('maps parallel_tool_calls false onto disable_parallel_tool_use', () => {
    expect(build({ tools: [weather], parallel_tool_calls: false }).tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true })
    expect(build({ tools: [weather], tool_choice: 'required', parallel_tool_calls: false }).tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true })
  })
  test('sends no tool_choice without tools', () => {
    expect(build({ tool_choice: 'none' })).not.toHaveProperty('tool_choice')
  })
  test('maps assistant tool_calls onto tool_use blocks with parsed input', () => {
    const body = build({
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }, { id: 'call_2', type: 'function', function: { name: 'ping', arguments: '' } }] },
      ],
    })
    expect((body.messages as any[])[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } }, { type: 'tool_use', id: 'call_2', name: 'ping', input: {} }],
    })
  })
  test('rejects tool call arguments that are not JSON with a 400 naming the message index', () => {
    const error = rejection({ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{city:' } }] }] })
    expect(error.status).toBe(400)
    expect(error.param).toBe('messages[1].tool_calls[0].function.arguments')
    expect(error.message).toContain('messages[1]')
  })
  test('merges tool messages and a following user message into one user turn, tool results first', () => {
    const body = build({
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'a', arguments: '{}' } }, { id: 'call_2', type: 'function', function: { name: 'b', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'Noon' }] },
        { role: 'user', content: 'Thanks' },
      ],
    })
    expect((body.messages as any[])[2]).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'call_1', content: 'Sunny' },
        { type: 'tool_result', tool_use_id: 'call_2', content: [{ type: 'text', text: 'Noon' }] },
        { type: 'text', text: 'Thanks' },
      ],
    })
  })
  test('puts tool results before user text that came first', () => {
    const body = build({ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }, { role: 'user', content: 'Note' }, { role: 'tool', tool_call_id: 'c', content: 'ok' }] })
    expect(((body.messages as any[])[2].content as any[]).map((block) => block.type)).toEqual(['tool_result', 'text'])
  })
})

describe('Anthropic request mapping: response_format', () => {
  test('maps json_schema onto output_config.format', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false }
    expect(build({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema } } }).output_config).toEqual({ format: { type: 'json_schema', schema } })
  })
  test('asks for JSON in the system prompt for json_object', () => {
    expect(build({ response_format: { type: 'json_object' } }).system).toBe(JSON_OBJECT_INSTRUCTION)
    expect(build({ messages: [{ role: 'system', content: 'S' }, { role: 'user', content: 'Hi' }], response_format: { type: 'json_object' } }).system).toBe(`S\n\n${JSON_OBJECT_INSTRUCTION}`)
  })
  test('sends nothing for text and rejects unknown types', () => {
    expect(build({ response_format: { type: 'text' } })).not.toHaveProperty('output_config')
    expect(rejection({ response_format: { type: 'xml' } }).param).toBe('response_format.type')
  })
})

describe('Anthropic adapter requests', () => {
  const chat = anthropicAdapter.endpoints.chat!
  test('posts to /v1/messages with the default anthropic-version', () => {
    const request = chat.toUpstream({ model: 'claude-test', messages: [{ role: 'user', content: 'Hi' }], stream: true }, target())
    expect(request).toMatchObject({ path: '/v1/messages', method: 'POST', stream: true })
    expect(request.headers).toEqual({ 'content-type': 'application/json', 'anthropic-version': '2023-06-01' })
    expect(JSON.parse(request.body as string).stream).toBe(true)
  })
  test('sends the anthropic-version and anthropic-beta the target asks for', () => {
    const request = chat.toUpstream({ model: 'claude-test', messages: [] }, target({ anthropicVersion: '2026-10-21', anthropicBeta: 'a-1,b-2' }))
    expect(request.headers).toMatchObject({ 'anthropic-version': '2026-10-21', 'anthropic-beta': 'a-1,b-2' })
  })
  test('authenticates with x-api-key', async () => {
    const headers = new Headers()
    await anthropicAdapter.authenticate({ url: new URL('https://api.anthropic.com/v1/messages'), method: 'POST', headers }, target(), { fetch, now: () => 0 })
    expect(headers.get('x-api-key')).toBe('sk-ant-test')
    expect(headers.has('authorization')).toBe(false)
  })
  test('maps the model list onto the OpenAI list', () => {
    const models = anthropicAdapter.endpoints.models!
    expect(models.toUpstream({}, target())).toMatchObject({ path: '/v1/models?limit=1000', method: 'GET' })
    const list = models.fromUpstream({ data: [{ type: 'model', id: 'claude-x', display_name: 'X', created_at: '2025-02-24T00:00:00Z' }], has_more: false }, undefined as never)
    expect(list).toEqual({ object: 'list', data: [{ id: 'claude-x', object: 'model', created: 1740355200, owned_by: 'anthropic' }] })
  })
})
