import { describe, expect, it } from 'vitest'
import { googleAdapter } from '../../../providers/google/index'
import { SKIP_THOUGHT_SIGNATURE } from '../../../providers/google/map-tool-call-part'
import type { OpenAIBody } from '../../../providers/types'
import { GatewayError } from '../../../worker/http/errors'
import { sentBody, target } from './helpers'

const chat = googleAdapter.endpoints.chat!
const build = (body: OpenAIBody) => sentBody(chat.toUpstream(body, target()))
const user = (content: unknown) => ({ role: 'user', content })
const base = { model: 'gemini-2.5-flash', messages: [user('Hi')] }

function badRequestOf(action: () => unknown): GatewayError {
  try {
    action()
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError)
    expect((error as GatewayError).status).toBe(400)
    return error as GatewayError
  }
  throw new Error('expected a 400')
}

describe('Gemini request: URL and stream flag', () => {
  it('posts a non-streaming request to models/{model}:generateContent under v1beta', () => {
    const request = chat.toUpstream(base, target())
    expect(request).toMatchObject({ path: '/v1beta/models/gemini-2.5-flash:generateContent', method: 'POST', stream: false })
  })

  it('streams through :streamGenerateContent?alt=sse and keeps stream out of the body', () => {
    const request = chat.toUpstream({ ...base, stream: true, stream_options: { include_usage: true } }, target())
    expect(request.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse')
    expect(request.stream).toBe(true)
    expect(sentBody(request)).not.toHaveProperty('stream')
    expect(sentBody(request)).not.toHaveProperty('stream_options')
  })

  it('never puts the key in the URL', () => {
    expect(chat.toUpstream(base, target()).path).not.toContain('key=')
  })

  it('keeps a models/ or tunedModels/ prefix the caller already gave', () => {
    expect(chat.toUpstream({ ...base, model: 'tunedModels/my-tune' }, target()).path).toBe('/v1beta/tunedModels/my-tune:generateContent')
    expect(chat.toUpstream({ ...base, model: 'models/gemini-2.5-pro' }, target()).path).toBe('/v1beta/models/gemini-2.5-pro:generateContent')
  })

  it('refuses model names that would change the URL path or method', () => {
    for (const model of ['../files/x', 'gemini:countTokens', 'a?alt=json', 'models/../x']) badRequestOf(() => chat.toUpstream({ ...base, model }, target()))
  })
})

describe('Gemini request: messages', () => {
  it('maps assistant to model and user to user', () => {
    const body = build({ ...base, messages: [user('Hi'), { role: 'assistant', content: 'Hello' }, user('Again')] })
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Hi' }] },
      { role: 'model', parts: [{ text: 'Hello' }] },
      { role: 'user', parts: [{ text: 'Again' }] },
    ])
  })

  it('moves system and developer messages into systemInstruction, out of contents', () => {
    const body = build({ ...base, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'developer', content: [{ type: 'text', text: 'Use French.' }] }, user('Hi')] })
    expect(body.systemInstruction).toEqual({ role: 'user', parts: [{ text: 'Be brief.' }, { text: 'Use French.' }] })
    expect(body.contents).toEqual([{ role: 'user', parts: [{ text: 'Hi' }] }])
  })

  it('sends a data-URL image as inlineData', () => {
    const body = build({ ...base, messages: [user([{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' } }])] })
    expect(body.contents[0].parts).toEqual([{ text: 'What is this?' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }])
  })

  it('sends an https image as fileData with a MIME type guessed from the extension (JPEG when unknown)', () => {
    const body = build({ ...base, messages: [user([{ type: 'image_url', image_url: { url: 'https://example.com/cat.webp?size=2' } }, { type: 'image_url', image_url: { url: 'https://example.com/photo' } }])] })
    expect(body.contents[0].parts).toEqual([
      { fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/cat.webp?size=2' } },
      { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/photo' } },
    ])
  })

  it('sends a PDF file part as inlineData and a file id as fileData', () => {
    const body = build({
      ...base,
      messages: [user([
        { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0x' } },
        { type: 'file', file: { file_id: 'https://generativelanguage.googleapis.com/v1beta/files/abc', filename: 'b.pdf' } },
      ])],
    })
    expect(body.contents[0].parts).toEqual([
      { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0x' } },
      { fileData: { mimeType: 'application/pdf', fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc' } },
    ])
  })

  it('sends input_audio as inline audio', () => {
    const body = build({ ...base, messages: [user([{ type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } }])] })
    expect(body.contents[0].parts).toEqual([{ inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } }])
  })

  it('refuses content parts Gemini cannot take, naming the part', () => {
    const error = badRequestOf(() => build({ ...base, messages: [user([{ type: 'video_url', video_url: 'x' }])] }))
    expect(error.param).toBe('messages[0].content[0].type')
  })

  it('refuses a non-base64 data URL', () => {
    badRequestOf(() => build({ ...base, messages: [user([{ type: 'image_url', image_url: { url: 'data:image/png,rawbytes' } }])] }))
  })
})

describe('Gemini request: tools', () => {
  const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }
  const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Current weather', parameters, strict: true } }]

  it('declares functions with their JSON Schema unchanged in parametersJsonSchema', () => {
    expect(build({ ...base, tools }).tools).toEqual([{ functionDeclarations: [{ name: 'get_weather', description: 'Current weather', parametersJsonSchema: parameters }] }])
  })

  it.each([
    ['auto', { mode: 'AUTO' }],
    ['none', { mode: 'NONE' }],
    ['required', { mode: 'ANY' }],
    [{ type: 'function', function: { name: 'get_weather' } }, { mode: 'ANY', allowedFunctionNames: ['get_weather'] }],
    [{ type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'get_weather' } }] } }, { mode: 'ANY', allowedFunctionNames: ['get_weather'] }],
  ])('maps tool_choice %j onto functionCallingConfig', (choice, config) => {
    expect(build({ ...base, tools, tool_choice: choice }).toolConfig).toEqual({ functionCallingConfig: config })
  })

  it('sends no toolConfig when tool_choice is absent', () => {
    expect(build({ ...base, tools })).not.toHaveProperty('toolConfig')
  })

  it('refuses non-function tools', () => {
    badRequestOf(() => build({ ...base, tools: [{ type: 'custom', custom: { name: 'x' } }] }))
  })
})

describe('Gemini request: tool calls and results', () => {
  const call = (id: string, name: string, args: string, extra?: unknown) => ({ id, type: 'function', function: { name, arguments: args }, ...(extra ? { extra_content: extra } : {}) })
  const conversation = (model = 'gemini-2.5-flash', calls = [call('call_a', 'get_weather', '{"city":"Paris"}'), call('call_b', 'get_time', '{}')]) => ({
    model,
    messages: [
      user('Weather and time in Paris?'),
      { role: 'assistant', content: 'Checking.', tool_calls: calls },
      { role: 'tool', tool_call_id: 'call_b', content: '10:00' },
      { role: 'tool', tool_call_id: 'call_a', content: [{ type: 'text', text: '18°C' }] },
      user('Thanks'),
    ],
  })

  it('replays assistant tool calls as functionCall parts with object args after the text', () => {
    const body = build(conversation())
    expect(body.contents[1]).toEqual({
      role: 'model',
      parts: [{ text: 'Checking.' }, { functionCall: { name: 'get_weather', args: { city: 'Paris' } } }, { functionCall: { name: 'get_time', args: {} } }],
    })
  })

  it('merges consecutive tool messages into one user turn of functionResponse parts named by tool_call_id', () => {
    const body = build(conversation())
    expect(body.contents[2]).toEqual({
      role: 'user',
      parts: [
        { functionResponse: { name: 'get_time', response: { content: '10:00' } } },
        { functionResponse: { name: 'get_weather', response: { content: '18°C' } } },
      ],
    })
    expect(body.contents[3]).toEqual({ role: 'user', parts: [{ text: 'Thanks' }] })
    expect(body.contents).toHaveLength(4)
  })

  it('refuses a tool message whose tool_call_id no assistant message called', () => {
    const error = badRequestOf(() => build({ ...base, messages: [user('x'), { role: 'tool', tool_call_id: 'call_missing', content: 'y' }] }))
    expect(error.param).toBe('messages[1].tool_call_id')
  })

  it('refuses tool-call arguments that are not a JSON object', () => {
    badRequestOf(() => build(conversation('gemini-2.5-flash', [call('call_a', 'get_weather', '{not json')])))
    badRequestOf(() => build(conversation('gemini-2.5-flash', [call('call_a', 'get_weather', '[1]')])))
  })

  it('puts back the thought signature carried in extra_content.google', () => {
    const body = build(conversation('gemini-3-pro-preview', [call('call_a', 'get_weather', '{}', { google: { thought_signature: 'c2ln' } }), call('call_b', 'get_time', '{}')]))
    expect(body.contents[1].parts[1]).toEqual({ functionCall: { name: 'get_weather', args: {} }, thoughtSignature: 'c2ln' })
    expect(body.contents[1].parts[2]).not.toHaveProperty('thoughtSignature')
  })

  it('marks the first call of a Gemini 3 model turn with the skip sentinel when its signature was lost', () => {
    const body = build(conversation('gemini-3-flash-preview'))
    expect(body.contents[1].parts[1].thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE)
    expect(body.contents[1].parts[2]).not.toHaveProperty('thoughtSignature')
  })

  it('adds no signature for models before Gemini 3', () => {
    const body = build(conversation('gemini-2.5-flash'))
    expect(body.contents[1].parts[1]).not.toHaveProperty('thoughtSignature')
  })
})

describe('Gemini request: generationConfig', () => {
  it('maps every sampling and output parameter', () => {
    const body = build({
      ...base, max_completion_tokens: 256, max_tokens: 10, temperature: 0.2, top_p: 0.9, top_k: 40, stop: ['END', 'STOP'], n: 2, seed: 7,
      presence_penalty: 0.5, frequency_penalty: -0.5, logprobs: true, top_logprobs: 3,
    })
    expect(body.generationConfig).toEqual({
      maxOutputTokens: 256, temperature: 0.2, topP: 0.9, topK: 40, stopSequences: ['END', 'STOP'], candidateCount: 2, seed: 7,
      presencePenalty: 0.5, frequencyPenalty: -0.5, responseLogprobs: true, logprobs: 3,
    })
  })

  it('takes max_tokens when max_completion_tokens is absent, and a single stop string', () => {
    expect(build({ ...base, max_tokens: 64, stop: 'END' }).generationConfig).toEqual({ maxOutputTokens: 64, stopSequences: ['END'] })
  })

  it('sends no generationConfig when nothing is set', () => {
    expect(build(base)).not.toHaveProperty('generationConfig')
  })

  it('asks for JSON output for json_object', () => {
    expect(build({ ...base, response_format: { type: 'json_object' } }).generationConfig).toEqual({ responseMimeType: 'application/json' })
  })

  it('passes a json_schema schema as responseJsonSchema', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false }
    const body = build({ ...base, response_format: { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema } } })
    expect(body.generationConfig).toEqual({ responseMimeType: 'application/json', responseJsonSchema: schema })
  })

  it('maps reasoning_effort to a thinking budget before Gemini 3 and to a thinking level from Gemini 3 on', () => {
    expect(build({ ...base, reasoning_effort: 'low' }).generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 1024 } })
    expect(build({ ...base, reasoning_effort: 'none' }).generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 0 } })
    expect(build({ ...base, model: 'gemini-3-pro-preview', reasoning_effort: 'high' }).generationConfig).toEqual({ thinkingConfig: { thinkingLevel: 'HIGH' } })
  })

  it('passes safety_settings through as safetySettings', () => {
    const settings = [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }]
    expect(build({ ...base, safety_settings: settings }).safetySettings).toEqual(settings)
  })

  it('drops parameters Gemini has no equivalent for', () => {
    const body = build({ ...base, user: 'u1', metadata: { a: 'b' }, parallel_tool_calls: false, logit_bias: { 1: 2 }, store: true })
    expect(Object.keys(body)).toEqual(['contents'])
  })
})
