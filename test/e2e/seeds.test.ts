import OpenAI from 'openai'
import { createHeaders } from 'portkey-ai'
import { describe, expect, test, vi } from 'vitest'
import { errorFault as anthropicFault } from '../emulators/anthropic'
import { errorFault as geminiFault } from '../emulators/gemini'
import { errorFault as openAIFault } from '../emulators/openai'
import { TEXT_ANSWER } from '../emulators/scenarios'
import { errorFault as stabilityFault } from '../emulators/stability'
import { CONFIG_ID, KEYS, runCurl, useSeedWorld } from './seeds-world'

// The four seed documents in /work/shared/seeds, end to end: their examples as written, with only
// the gateway URL and the keys changed; each fallback triggered by a failing primary emulator.
const world = useSeedWorld()
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47]
const gatewayUrl = () => `${world().gateway.url}/v1`

describe('seed 000: Stability AI with a fallback to DALL-E 3 (OpenAI SDK, createHeaders)', () => {
  const generate = (client: OpenAI, prompt: string) =>
    client.images.generate({ model: 'stable-diffusion-v1-6', prompt, n: 1, size: '1024x1024', response_format: 'b64_json' }).withResponse()

  test('createHeaders(api_key, provider="stabilityai") as the Python SDK writes it: a decodable PNG from Stability', async () => {
    // portkey_ai (Python) createHeaders gives x-portkey-api-key; the client key goes to Stability.
    const client = new OpenAI({ apiKey: KEYS.stability, baseURL: gatewayUrl(), maxRetries: 0, defaultHeaders: { 'x-portkey-api-key': KEYS.portkey, 'x-portkey-provider': 'stabilityai' } })
    const { data: image, response } = await generate(client, 'Kraken in the milkyway galaxy')
    expect([...Buffer.from(image.data![0].b64_json!, 'base64').subarray(0, 4)]).toEqual(PNG_MAGIC)
    expect(response.headers.get('x-portkey-provider')).toBe('stability-ai')
    const sent = world().stability.requests[0]
    expect(sent.url).toBe('/v1/generation/stable-diffusion-v1-6/text-to-image')
    expect(sent.json).toMatchObject({ text_prompts: [{ text: 'Kraken in the milkyway galaxy' }], width: 1024, height: 1024, samples: 1 })
    expect(sent.headers.authorization).toBe(`Bearer ${KEYS.stability}`)
  })

  const configClients: Array<[string, () => Record<string, string>]> = [
    ['JS createHeaders({api_key, config}) (x-portkey-api_key)', () => createHeaders({ api_key: KEYS.portkey, config: CONFIG_ID })],
    ['the Python createHeaders(api_key=…, config=…) form (x-portkey-api-key)', () => ({ 'x-portkey-api-key': KEYS.portkey, 'x-portkey-config': CONFIG_ID })],
  ]

  test.each(configClients)('the saved config via %s serves from Stability first', async (_name, headers) => {
    const client = new OpenAI({ apiKey: 'X', baseURL: gatewayUrl(), maxRetries: 0, defaultHeaders: headers() })
    const { data: image, response } = await generate(client, 'Harry Potter travelling the world using Portkey')
    expect([...Buffer.from(image.data![0].b64_json!, 'base64').subarray(0, 4)]).toEqual(PNG_MAGIC)
    expect(response.headers.get('x-portkey-last-used-option-index')).toBe('config.targets[0]')
    expect(world().stability.requests[0].headers.authorization).toBe(`Bearer ${KEYS.stability}`)
    expect(world().openai.requests).toHaveLength(0)
  })

  test.each(configClients)('the saved config via %s falls back to dall-e-3 when Stability fails', async (_name, headers) => {
    world().stability.enqueue(stabilityFault('server', 'v1'))
    const client = new OpenAI({ apiKey: 'X', baseURL: gatewayUrl(), maxRetries: 0, defaultHeaders: headers() })
    const { data: image, response } = await generate(client, 'Harry Potter travelling the world using Portkey')
    expect([...Buffer.from(image.data![0].b64_json!, 'base64').subarray(0, 4)]).toEqual(PNG_MAGIC)
    expect(response.headers.get('x-portkey-last-used-option-index')).toBe('config.targets[1]')
    expect(response.headers.get('x-portkey-provider')).toBe('openai')
    expect(world().openai.requests[0].json).toMatchObject({ model: 'dall-e-3', n: 1, size: '1024x1024', response_format: 'b64_json' })
    expect(world().openai.requests[0].headers.authorization).toBe(`Bearer ${KEYS.openai}`)
  })

  test('a prompt Stability moderates is returned as a content-policy 400 unless the config asks to fall back', async () => {
    const client = (config: string | object) => new OpenAI({ apiKey: 'X', baseURL: gatewayUrl(), maxRetries: 0, defaultHeaders: createHeaders({ apiKey: KEYS.portkey, config }) })
    world().stability.enqueue(stabilityFault('content_filter', 'v1'))
    const refused = await generate(client(CONFIG_ID), 'Harry Potter travelling the world using Portkey').catch((error) => error)
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError)
    expect(refused.code).toBe('content_policy_violation')
    expect(world().openai.requests).toHaveLength(0)
    world().stability.enqueue(stabilityFault('content_filter', 'v1'))
    const config = {
      strategy: { mode: 'fallback' },
      on_content_policy: 'fallback',
      targets: [{ override_params: { model: '@stability-prod/stable-diffusion-v1-6' } }, { override_params: { model: '@openai-prod/dall-e-3' } }],
    }
    const { response } = await generate(client(config), 'Harry Potter travelling the world using Portkey')
    expect(response.headers.get('x-portkey-last-used-option-index')).toBe('config.targets[1]')
  })
})

describe('seed 003: Gemini Flash with a fallback to GPT-4o (Node, OpenAI SDK, config object)', () => {
  const configObj = (geminiKey: string | undefined) => ({
    strategy: { mode: 'fallback' },
    targets: [
      { provider: 'google', api_key: geminiKey },
      { provider: 'openai', api_key: KEYS.openai, override_params: { model: 'gpt-4o' } },
    ],
  })
  const generate = (geminiKey: string | undefined) => {
    const gateway = new OpenAI({ apiKey: geminiKey, baseURL: gatewayUrl(), maxRetries: 0, defaultHeaders: createHeaders({ provider: 'google', config: configObj(geminiKey) }) })
    return gateway.chat.completions.create({ messages: [{ role: 'user', content: 'Are you an OpenAI model?' }], model: 'gemini-1.5-flash-latest' }).withResponse()
  }

  test('Gemini answers while its key is good', async () => {
    const { data: completion, response } = await generate(KEYS.gemini)
    expect(completion.choices[0].message.content).toBe(TEXT_ANSWER)
    expect(response.headers.get('x-portkey-provider')).toBe('google')
    expect(response.headers.get('x-portkey-last-used-option-index')).toBe('config.targets[0]')
    const sent = world().gemini.requests[0]
    expect(sent.url).toBe('/v1beta/models/gemini-1.5-flash-latest:generateContent')
    expect(sent.headers['x-goog-api-key']).toBe(KEYS.gemini)
  })

  test('a bad Gemini key (400 API_KEY_INVALID) falls back to gpt-4o', async () => {
    const { data: completion, response } = await generate('AIzaSy-revoked-key')
    expect(completion.choices[0].message.content).toBe(TEXT_ANSWER)
    expect(response.headers.get('x-portkey-provider')).toBe('openai')
    expect(response.headers.get('x-portkey-last-used-option-index')).toBe('config.targets[1]')
    expect(world().openai.requests[0].json.model).toBe('gpt-4o')
    expect(world().openai.requests[0].headers.authorization).toBe(`Bearer ${KEYS.openai}`)
  })

  test('GEMINI_API_KEY removed from .env (the SDK falls back to OPENAI_API_KEY) also falls back to gpt-4o', async () => {
    vi.stubEnv('OPENAI_API_KEY', KEYS.openai)
    try {
      const { response } = await generate(undefined)
      expect(response.headers.get('x-portkey-last-used-option-index')).toBe('config.targets[1]')
      // Gemini was asked with the only key there was, and refused it.
      expect(world().gemini.requests[0].headers['x-goog-api-key']).toBe(KEYS.openai)
    } finally {
      vi.unstubAllEnvs()
    }
  })
})

describe('seed 001: Gemini with a fallback (curl against the open-source gateway)', () => {
  const GOOGLE_CURL = `curl --location '${'GATEWAY'}/v1/chat/completions' \\
--header 'x-portkey-provider: google' \\
--header 'Authorization: Bearer $GOOGLE_KEY' \\
--header 'Content-Type: application/json' \\
--data '{
    "messages": [
        {
            "role": "user",
            "content": "Write a story about a magic backpack."
        }
    ],
    "model": "gemini-pro"
}'`
  // The seed single-quotes '$GOOGLE_KEY', which the shell does not expand: the reader pastes the key there.
  const withGateway = (command: string, configHeader?: string) => {
    const base = command.replace('GATEWAY', world().gateway.url.replace('http://', '')).replace('$GOOGLE_KEY', KEYS.gemini)
    return configHeader === undefined ? base : base.replace("--header 'Content-Type", `--header 'x-portkey-config: ${configHeader}' \\\n--header 'Content-Type`)
  }

  test('the OpenAI curl ($OPENAI_KEY expanded by the shell) answers', async () => {
    const command = `curl '${world().gateway.url.replace('http://', '')}/v1/chat/completions' \\
  -H 'x-portkey-provider: openai' \\
  -H "Authorization: Bearer $OPENAI_KEY" \\
  -H 'Content-Type: application/json' \\
  -d '{"messages": [{"role": "user","content": "Say this is test."}], "max_tokens": 20, "model": "gpt-4"}'`
    const result = await runCurl(command, { OPENAI_KEY: KEYS.openai })
    expect(result.status).toBe(200)
    expect(result.json.choices[0].message.content).toBe(TEXT_ANSWER)
    expect(world().openai.requests[0].json).toMatchObject({ model: 'gpt-4', max_tokens: 20 })
  })

  test('the Gemini curl answers from gemini-pro', async () => {
    const result = await runCurl(withGateway(GOOGLE_CURL))
    expect(result.status).toBe(200)
    expect(result.json.choices[0].message.content).toBe(TEXT_ANSWER)
    expect(world().gemini.requests[0].url).toBe('/v1beta/models/gemini-pro:generateContent')
  })

  const INLINE_CONFIG = `{"strategy":{"mode":"fallback"},"targets":[{"provider":"google","api_key":"$GOOGLE_KEY"},{"provider":"openai","api_key":"sk-***"}]}`
  const inlineConfig = () => INLINE_CONFIG.replace('$GOOGLE_KEY', KEYS.gemini).replace('sk-***', KEYS.openai)

  test('the curl with the inline fallback config falls back to OpenAI when Gemini fails', async () => {
    world().gemini.enqueue(geminiFault('server'))
    const result = await runCurl(withGateway(GOOGLE_CURL, inlineConfig()))
    expect(result.status).toBe(200)
    expect(result.headers['x-portkey-provider']).toBe('openai')
    expect(result.headers['x-portkey-last-used-option-index']).toBe('config.targets[1]')
    // No override_params in that config: OpenAI is asked for the request's own model.
    expect(world().openai.requests[0].json.model).toBe('gemini-pro')
  })

  test('with on_status_codes [429], a 429 falls back and a 500 does not', async () => {
    const config = JSON.stringify({ ...JSON.parse(inlineConfig()), strategy: { mode: 'fallback', on_status_codes: [429] } })
    world().gemini.enqueue(geminiFault('rate_limit'))
    const fellBack = await runCurl(withGateway(GOOGLE_CURL, config))
    expect(fellBack.headers['x-portkey-last-used-option-index']).toBe('config.targets[1]')
    world().gemini.enqueue(geminiFault('server'))
    const failed = await runCurl(withGateway(GOOGLE_CURL, config))
    expect(failed.status).toBe(500)
    expect(world().openai.requests).toHaveLength(1)
  })

  // The seed's snippet with its trailing commas removed (the next test sends it as written).
  const VIRTUAL_KEY_CONFIG = { strategy: { mode: 'fallback' }, targets: [{ virtual_key: 'google-virtual-key' }, { virtual_key: 'anthropic-virtual-key', override_params: { model: 'claude-1' } }] }

  test('the virtual-key config falls back to Anthropic claude-1 (the model name passed on as it is)', async () => {
    world().gemini.enqueue(geminiFault('rate_limit'))
    const result = await runCurl(withGateway(GOOGLE_CURL, JSON.stringify(VIRTUAL_KEY_CONFIG)))
    expect(result.status).toBe(200)
    expect(result.headers['x-portkey-provider']).toBe('anthropic')
    expect(result.headers['x-portkey-last-used-option-index']).toBe('config.targets[1]')
    expect(world().anthropic.requests[0].json).toMatchObject({ model: 'claude-1', messages: [{ role: 'user', content: 'Write a story about a magic backpack.' }] })
    expect(world().anthropic.requests[0].headers['x-api-key']).toBe(KEYS.anthropic)
  })

  test('the virtual-key snippet exactly as written, trailing commas and all, works', async () => {
    const asWritten = '{ "strategy": { "mode": "fallback", }, "targets": [ { "virtual_key": "google-virtual-key", }, { "virtual_key": "anthropic-virtual-key", "override_params": { "model": "claude-1" } } ] }'
    world().gemini.enqueue(geminiFault('rate_limit'))
    const result = await runCurl(withGateway(GOOGLE_CURL, asWritten))
    expect(result.status).toBe(200)
    expect(result.headers['x-portkey-provider']).toBe('anthropic')
  })

  test('a config that is not JSON even without its trailing commas is refused with a 400 naming the problem', async () => {
    const result = await runCurl(withGateway(GOOGLE_CURL, "{ strategy: { mode: 'fallback' } }"))
    expect(result.status).toBe(400)
    expect(result.json.error.message).toMatch(/x-portkey-config: not valid JSON/)
    expect(world().gemini.requests).toHaveLength(0)
  })
})

describe('seed 002: OpenAI with a fallback to Anthropic (the legacy {config, params} body)', () => {
  // The seed's body is cut off mid-way (and its URL is empty); this is it closed as it was meant.
  const body = () => JSON.stringify({
    config: {
      mode: 'fallback',
      options: [
        { provider: 'openai', apiKey: KEYS.openai, override_params: { model: 'gpt-3.5-turbo' } },
        { provider: 'anthropic', apiKey: KEYS.anthropic, override_params: { model: 'claude-v1' } },
      ],
    },
    params: { messages: [{ role: 'user', content: 'What are the top 10 happiest countries in the world?' }], max_tokens: 50, user: 'jbu3470' },
  })
  const curl = (path: string) => `curl --location '${world().gateway.url}${path}' \\
--header 'Content-Type: application/json' \\
--header 'x-portkey-api-key: ${KEYS.portkey}' \\
--data '${body()}'`

  test('OpenAI answers first, with gpt-3.5-turbo', async () => {
    const result = await runCurl(curl('/v1/chat/completions'))
    expect(result.status).toBe(200)
    expect(result.headers['x-portkey-provider']).toBe('openai')
    expect(world().openai.requests[0].json).toMatchObject({ model: 'gpt-3.5-turbo', max_tokens: 50, user: 'jbu3470' })
  })

  test('the legacy /v1/chatComplete endpoint the seed was written for serves the same body', async () => {
    world().openai.enqueue(openAIFault('server'))
    const result = await runCurl(curl('/v1/chatComplete'))
    expect(result.status).toBe(200)
    expect(result.headers['x-portkey-provider']).toBe('anthropic')
  })

  test.each(['server', 'rate_limit'] as const)('an OpenAI %s error falls back to Anthropic with claude-v1 passed on as it is', async (kind) => {
    world().openai.enqueue(openAIFault(kind))
    const result = await runCurl(curl('/v1/chat/completions'))
    expect(result.status).toBe(200)
    expect(result.json.choices[0].message.content).toBe(TEXT_ANSWER)
    expect(result.headers['x-portkey-provider']).toBe('anthropic')
    expect(result.headers['x-portkey-last-used-option-index']).toBe('config.targets[1]')
    expect(world().anthropic.requests[0].json).toMatchObject({ model: 'claude-v1', max_tokens: 50, metadata: { user_id: 'jbu3470' } })
  })

  test('when both fail, the caller gets the last error with every attempt listed', async () => {
    world().openai.enqueue(openAIFault('server'))
    world().anthropic.enqueue(anthropicFault('overloaded'))
    const result = await runCurl(curl('/v1/chat/completions'))
    expect(result.status).toBe(503)
    expect(result.json.error.attempts.map((attempt: { provider: string }) => attempt.provider)).toEqual(['openai', 'anthropic'])
    expect(JSON.stringify(result.json)).not.toContain(KEYS.anthropic)
  })
})
