import OpenAI, { AzureOpenAI } from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { errorFault, startOpenAIEmulator, streamErrorFault, STOP_DELTAS, TINY_PNG, emulatedEmbedding, type OpenAIEmulator } from '../../emulators/openai'
import { LENGTH_DELTAS, TEXT_ANSWER, TOOL_ARGUMENTS, type Transcript } from '../../emulators/scenarios'

// The official SDK is the judge: if it accepts what the emulator sends (its stream helper checks
// the accumulated shape), the emulator speaks the OpenAI wire format.
const KEY = 'sk-emulator-test-1234'
const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }]
let emulator: OpenAIEmulator
let client: OpenAI

beforeAll(async () => {
  emulator = await startOpenAIEmulator({ apiKey: KEY })
  client = new OpenAI({ apiKey: KEY, baseURL: emulator.baseUrl, maxRetries: 0 })
})
afterAll(() => emulator.close())
beforeEach(() => emulator.reset())

describe('chat completions through the OpenAI SDK', () => {
  it('answers a plain request with the text, stop and usage', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
    expect(completion.object).toBe('chat.completion')
    expect(completion.choices[0].message).toMatchObject({ role: 'assistant', content: TEXT_ANSWER })
    expect(completion.choices[0].finish_reason).toBe('stop')
    expect(completion.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 })
    expect(emulator.requests[0].headers.authorization).toBe(`Bearer ${KEY}`)
  })

  it('streams a text answer the stream helper accumulates, with the usage chunk only when asked', async () => {
    const stream = client.chat.completions.stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream_options: { include_usage: true } })
    const chunks: OpenAI.ChatCompletionChunk[] = []
    stream.on('chunk', (chunk) => void chunks.push(chunk))
    const final = await stream.finalChatCompletion()
    expect(final.choices[0].message.content).toBe(TEXT_ANSWER)
    expect(final.choices[0].finish_reason).toBe('stop')
    expect(final.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 7 })
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '', refusal: null })
    expect(chunks.at(-2)!.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' })
    expect(chunks.at(-1)!.choices).toEqual([])

    const without = client.chat.completions.stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
    const plain: OpenAI.ChatCompletionChunk[] = []
    without.on('chunk', (chunk) => void plain.push(chunk))
    expect((await without.finalChatCompletion()).usage).toBeUndefined()
    expect(plain.every((chunk) => chunk.choices.length === 1 && !('usage' in chunk))).toBe(true)
  })

  it('ends every stream with data: [DONE]', async () => {
    const response = await fetch(`${emulator.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
    })
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    expect((await response.text()).endsWith('data: [DONE]\n\n')).toBe(true)
  })

  it('streams and returns a tool call with id, type, name and the arguments', async () => {
    const messages = [{ role: 'user' as const, content: 'Weather? #tool' }]
    const final = await client.chat.completions.stream({ model: 'gpt-4o-mini', messages, tools }).finalChatCompletion()
    const call = final.choices[0].message.tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall
    expect(call.type).toBe('function')
    expect(call.id).toMatch(/^call_/)
    expect(call.function.name).toBe('get_weather')
    expect(JSON.parse(call.function.arguments)).toEqual(TOOL_ARGUMENTS)
    expect(final.choices[0].finish_reason).toBe('tool_calls')

    const whole = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools })
    expect(whole.choices[0].message.content).toBeNull()
    expect(JSON.parse((whole.choices[0].message.tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall).function.arguments)).toEqual(TOOL_ARGUMENTS)
  })

  it('answers #length, #filter and #stop with their finish reasons', async () => {
    const ask = (content: string) => client.chat.completions.stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] }).finalChatCompletion()
    const length = await ask('#length')
    expect([length.choices[0].message.content, length.choices[0].finish_reason]).toEqual([LENGTH_DELTAS.join(''), 'length'])
    expect((await ask('#filter')).choices[0].finish_reason).toBe('content_filter')
    const stop = await ask('#stop')
    expect([stop.choices[0].message.content, stop.choices[0].finish_reason]).toEqual([STOP_DELTAS.join(''), 'stop'])
  })

  it('echoes a transcript of what it received', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      max_completion_tokens: 50,
      temperature: 0.5,
      stop: 'END',
      tools,
      tool_choice: 'required',
      response_format: { type: 'json_object' },
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
        { role: 'user', content: '#echo' },
      ],
    })
    const transcript: Transcript = JSON.parse(completion.choices[0].message.content!)
    expect(transcript).toEqual({
      model: 'gpt-4o-mini',
      system: 'Be brief.',
      messages: [
        { role: 'user', text: 'Look', images: ['image/png;base64'] },
        { role: 'assistant', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
        { role: 'user', toolResults: [{ id: 'call_1', name: 'get_weather', content: 'Sunny' }] },
        { role: 'user', text: '#echo' },
      ],
      tools: ['get_weather'],
      toolChoice: 'required',
      maxTokens: 50,
      temperature: 0.5,
      stop: ['END'],
      stream: false,
      responseFormat: 'json',
    })
  })

  it('interleaves n > 1 choices into a stream the helper accumulates', async () => {
    const final = await client.chat.completions.stream({ model: 'gpt-4o-mini', n: 2, messages: [{ role: 'user', content: 'Hi' }] }).finalChatCompletion()
    expect(final.choices.map((choice) => choice.message.content)).toEqual([TEXT_ANSWER, TEXT_ANSWER])
  })
})

describe('completions, embeddings, images and models through the OpenAI SDK', () => {
  it('answers legacy completions whole and streamed', async () => {
    const whole = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say hi' })
    expect(whole.object).toBe('text_completion')
    expect(whole.choices[0].text).toBe(TEXT_ANSWER)
    const stream = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: '#length', stream: true, stream_options: { include_usage: true } })
    let text = ''
    let finish: string | null = null
    let usage: unknown
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? ''
      finish = chunk.choices[0]?.finish_reason ?? finish
      usage = chunk.usage ?? usage
    }
    expect([text, finish]).toEqual([LENGTH_DELTAS.join(''), 'length'])
    expect(usage).toMatchObject({ prompt_tokens: 11 })
  })

  it('returns float embeddings when asked for floats', async () => {
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'float' })
    expect(result.data.map((item) => item.embedding)).toEqual([emulatedEmbedding(0), emulatedEmbedding(1)])
  })

  it('answers the SDK default (base64) with little-endian float32 the SDK decodes to the same numbers', async () => {
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'a', dimensions: 6 })
    expect(emulator.requests[0].json.encoding_format).toBe('base64')
    expect(result.data[0].embedding).toEqual(emulatedEmbedding(0, 6))
  })

  it('generates images as URLs, as base64 PNGs, and always base64 for GPT image models', async () => {
    const byUrl = await client.images.generate({ model: 'dall-e-3', prompt: 'a fox' })
    expect(byUrl.data![0].url).toMatch(/^https:\/\//)
    expect(byUrl.data![0].revised_prompt).toContain('a fox')
    const inline = await client.images.generate({ model: 'dall-e-2', prompt: 'a fox', response_format: 'b64_json', n: 2 })
    expect(inline.data).toHaveLength(2)
    const png = Buffer.from(inline.data![0].b64_json!, 'base64')
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    expect(png).toEqual(TINY_PNG)
    const gpt = await client.images.generate({ model: 'gpt-image-1', prompt: 'a fox' })
    expect(gpt.data![0].b64_json).toBe(TINY_PNG.toString('base64'))
    await expect(client.images.generate({ model: 'gpt-image-1', prompt: 'a fox', response_format: 'url' })).rejects.toBeInstanceOf(OpenAI.BadRequestError)
  })

  it('lists and retrieves models, and 404s an unknown one', async () => {
    const ids: string[] = []
    for await (const model of client.models.list()) ids.push(model.id)
    expect(ids).toContain('gpt-4o-mini')
    expect(await client.models.retrieve('gpt-4o')).toMatchObject({ id: 'gpt-4o', object: 'model', owned_by: 'openai' })
    await expect(client.models.retrieve('nope')).rejects.toBeInstanceOf(OpenAI.NotFoundError)
  })
})

describe('errors through the OpenAI SDK', () => {
  it('answers a wrong key with 401 invalid_api_key and a missing key with 401', async () => {
    const wrong = new OpenAI({ apiKey: 'sk-wrong', baseURL: emulator.baseUrl, maxRetries: 0 })
    const error = await wrong.models.list().catch((thrown) => thrown)
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError)
    expect(error.code).toBe('invalid_api_key')
    const response = await fetch(`${emulator.baseUrl}/models`)
    expect(response.status).toBe(401)
  })

  it('answers an unknown path with 404 Invalid URL', async () => {
    const error: any = await client.post('/nothing-here', { body: {} }).catch((thrown) => thrown)
    expect(error).toBeInstanceOf(OpenAI.NotFoundError)
    expect(error.message).toContain('Invalid URL (POST /v1/nothing-here)')
  })

  it('gives each error class its status, code and class in the SDK', async () => {
    const expected = [
      ['bad_request', OpenAI.BadRequestError, 'invalid_value'],
      ['auth', OpenAI.AuthenticationError, 'invalid_api_key'],
      ['permission', OpenAI.PermissionDeniedError, 'unsupported_country_region_territory'],
      ['not_found', OpenAI.NotFoundError, 'model_not_found'],
      ['rate_limit', OpenAI.RateLimitError, 'rate_limit_exceeded'],
      ['server', OpenAI.InternalServerError, null],
      ['overloaded', OpenAI.InternalServerError, null],
      ['context_length', OpenAI.BadRequestError, 'context_length_exceeded'],
      ['content_filter', OpenAI.BadRequestError, 'content_policy_violation'],
    ] as const
    for (const [kind, errorClass, code] of expected) {
      emulator.enqueue(errorFault(kind))
      const error = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }).catch((thrown) => thrown)
      expect(error, kind).toBeInstanceOf(errorClass)
      expect(error.code, kind).toBe(code)
    }
  })

  it('lets the SDK retry a rate limit at once (retry-after-ms: 0) and then succeed', async () => {
    const retrying = new OpenAI({ apiKey: KEY, baseURL: emulator.baseUrl, maxRetries: 2 })
    emulator.enqueue(errorFault('rate_limit'), errorFault('overloaded'))
    const started = Date.now()
    const completion = await retrying.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
    expect(completion.choices[0].message.content).toBe(TEXT_ANSWER)
    expect(emulator.requests).toHaveLength(3)
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('makes the SDK throw on an error event inside a 200 stream, after the first content', async () => {
    emulator.enqueue(streamErrorFault())
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Hi' }] })
    const contents: string[] = []
    const error = await (async () => {
      for await (const chunk of stream) contents.push(chunk.choices[0]?.delta.content ?? '')
    })().catch((thrown) => thrown)
    expect(error).toBeInstanceOf(OpenAI.APIError)
    expect(error.message).toContain('The server had an error')
    expect(contents.join('')).toBe('Hello')
  })
})

describe('the azure flavour through the SDK AzureOpenAI client', () => {
  it('serves deployments with api-version and api-key, and its stream (with the empty filter chunk) accumulates', async () => {
    const azure = await startOpenAIEmulator({ flavour: 'azure', apiKey: KEY })
    try {
      const client = new AzureOpenAI({ endpoint: azure.url, apiKey: KEY, apiVersion: '2024-10-21', deployment: 'my-gpt4o', maxRetries: 0 })
      const final = await client.chat.completions.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }], stream_options: { include_usage: true } }).finalChatCompletion()
      expect(final.choices[0].message.content).toBe(TEXT_ANSWER)
      expect(final.usage?.total_tokens).toBe(18)
      expect(azure.requests[0].url).toBe('/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21')
      expect(azure.requests[0].headers['api-key']).toBe(KEY)
      const filtered = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: '#filter' }] }).catch((thrown) => thrown)
      expect(filtered).toBeInstanceOf(OpenAI.BadRequestError)
      expect(filtered.code).toBe('content_filter')
    } finally {
      await azure.close()
    }
  })
})
