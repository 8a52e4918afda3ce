import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openAIAdapter } from '../../../providers/openai'
import { deepSeekAdapter, openAICompatibleAdapters, ollamaAdapter, openRouterAdapter, togetherAIAdapter } from '../../../providers/openai-compatible'
import type { SignableRequest, Target } from '../../../providers/types'
import { GatewayError } from '../../../worker/http/errors'
import { errorFault, startOpenAIEmulator, streamErrorFault, type OpenAIEmulator } from '../../emulators/openai'
import { TEXT_ANSWER } from '../../emulators/scenarios'
import { chunkings } from '../../helpers/rechunk'
import { contentOf, fixture, makeContext, replay, TEST_TARGET } from '../openai/replay'
import { emulatorTarget, runAdapter } from '../../helpers/run-adapter'

describe('the OpenAI-format registry fragment', () => {
  const table: Array<[string, string, string[]]> = [
    ['openai', 'https://api.openai.com/v1', ['chat', 'completions', 'embeddings', 'images', 'models']],
    ['groq', 'https://api.groq.com/openai/v1', ['chat', 'models']],
    ['mistral-ai', 'https://api.mistral.ai/v1', ['chat', 'embeddings', 'models']],
    ['together-ai', 'https://api.together.xyz/v1', ['chat', 'completions', 'embeddings', 'images', 'models']],
    ['deepseek', 'https://api.deepseek.com', ['chat', 'models']],
    ['openrouter', 'https://openrouter.ai/api/v1', ['chat', 'completions', 'embeddings', 'models']],
    ['fireworks-ai', 'https://api.fireworks.ai/inference/v1', ['chat', 'completions', 'embeddings']],
    ['perplexity-ai', 'https://api.perplexity.ai', ['chat']],
    ['x-ai', 'https://api.x.ai/v1', ['chat', 'completions', 'images', 'models']],
    ['ollama', 'http://localhost:11434/v1', ['chat', 'completions', 'embeddings', 'models']],
  ]
  for (const [id, baseUrl, endpoints] of table) {
    it(`${id}: base URL ${baseUrl}, only the endpoints it serves`, () => {
      const adapter = openAICompatibleAdapters[id]
      expect(adapter.id).toBe(id)
      expect(adapter.baseUrl({ ...TEST_TARGET, provider: id })).toBe(baseUrl)
      expect(Object.keys(adapter.endpoints).sort()).toEqual(endpoints)
    })
  }

  it('holds azure-openai too, and every key is its adapter id', () => {
    expect(Object.keys(openAICompatibleAdapters)).toHaveLength(11)
    for (const [key, adapter] of Object.entries(openAICompatibleAdapters)) expect(adapter.id).toBe(key)
  })

  it('gives streaming endpoints a stream transform and the others none', () => {
    expect(openAIAdapter.endpoints.chat!.streamTransform).toBeTypeOf('function')
    expect(openAIAdapter.endpoints.embeddings!.streamTransform).toBeUndefined()
  })
})

describe('bearer authentication of the plain providers', () => {
  const sign = async (target: Target) => {
    const request: SignableRequest = { url: new URL('http://localhost:11434/v1/chat/completions'), method: 'POST', headers: new Headers() }
    await ollamaAdapter.authenticate(request, target, { fetch, now: () => 0 })
    return request.headers.get('authorization')
  }
  it('ollama sends nothing without a key and a Bearer token with one', async () => {
    expect(await sign({ ...TEST_TARGET, apiKey: undefined, keySource: 'none' })).toBeNull()
    expect(await sign({ ...TEST_TARGET, apiKey: 'proxy-key' })).toBe('Bearer proxy-key')
  })
})

describe('together-ai', () => {
  const chat = togetherAIAdapter.endpoints.chat!
  it('maps finish_reason eos to stop in streams and bodies', async () => {
    const result = await replay(chat, fixture('together-eos.sse'), [])
    expect(result.chunks.at(-1)!.choices[0].finish_reason).toBe('stop')
    const body = { choices: [{ index: 0, message: { role: 'assistant', content: 'x' }, finish_reason: 'eos' }] }
    expect((chat.fromUpstream(body, makeContext('chat').context) as any).choices[0].finish_reason).toBe('stop')
    expect((togetherAIAdapter.endpoints.completions!.fromUpstream({ choices: [{ index: 0, text: 'x', finish_reason: 'eos' }] }, makeContext('completions').context) as any).choices[0].finish_reason).toBe('stop')
  })
})

describe('deepseek', () => {
  const chat = deepSeekAdapter.endpoints.chat!
  it('keeps reasoning_content and skips keep-alive comments without warnings', async () => {
    const result = await replay(chat, fixture('deepseek-keepalive.sse'), [])
    expect(result.warnings).toEqual([])
    expect(result.chunks.map((chunk) => (chunk.choices[0].delta as any).reasoning_content ?? '').join('')).toBe('Let me think…')
    expect(contentOf(result.chunks)).toBe('Answer: 42')
    expect(result.chunks.at(-1)!.usage).toMatchObject({ prompt_cache_miss_tokens: 11 })
  })

  it('raises insufficient_system_resource as a retryable 503', () => {
    const body = { choices: [{ index: 0, message: { role: 'assistant', content: 'cut' }, finish_reason: 'insufficient_system_resource' }] }
    expect(() => chat.fromUpstream(body, makeContext('chat').context)).toThrow(expect.objectContaining({ status: 503, retryable: true, code: 'insufficient_system_resource' }))
  })
})

describe('openrouter', () => {
  const chat = openRouterAdapter.endpoints.chat!
  it('skips the processing comments and raises the error inside the 200 stream with its numeric status', async () => {
    const result = await replay(chat, fixture('openrouter-error-in-stream.sse'), [])
    expect(contentOf(result.chunks)).toBe('Ça')
    expect(result.warnings).toEqual([])
    const error = result.error as GatewayError
    expect([error.status, error.code, error.retryable, error.provider]).toEqual([502, null, true, 'openrouter'])
  })

  it('maps numeric-code error bodies and names the upstream provider', () => {
    const fault = errorFault('rate_limit', 'openrouter')
    const error = chat.toError(fault.status!, fault.body, new Headers(fault.headers))
    expect([error.status, error.code, error.retryable]).toEqual([429, null, true])
    expect(error.message).toMatch(/\(upstream: OpenAI\)$/)
    const credits = chat.toError(402, { error: { code: 402, message: 'Insufficient credits' } }, new Headers())
    expect([credits.status, credits.retryable, credits.message]).toEqual([402, false, 'Insufficient credits'])
  })
})

describe('compatible fixtures re-chunked at awkward byte boundaries', () => {
  const cases = [
    ['together-eos.sse', togetherAIAdapter],
    ['deepseek-keepalive.sse', deepSeekAdapter],
    ['openrouter-error-in-stream.sse', openRouterAdapter],
  ] as const
  for (const [name, adapter] of cases) {
    for (const { name: how, cuts } of chunkings(fixture(name))) {
      it(`${name}: same chunks, warnings and error when cut ${how}`, async () => {
        const whole = await replay(adapter.endpoints.chat!, fixture(name), [])
        const cut = await replay(adapter.endpoints.chat!, fixture(name), cuts)
        expect([cut.chunks, cut.warnings, String(cut.error)]).toEqual([whole.chunks, whole.warnings, String(whole.error)])
      })
    }
  }
})

describe('adapters against emulator flavours', () => {
  const emulators: OpenAIEmulator[] = []
  beforeAll(async () => {
    for (const flavour of ['openai', 'openrouter', 'deepseek', 'together', 'ollama'] as const) emulators.push(await startOpenAIEmulator({ flavour }))
  })
  afterAll(() => Promise.all(emulators.map((emulator) => emulator.close())))
  const byFlavour = (flavour: string) => emulators.find((emulator) => emulator.flavour === flavour)!

  it('openai: embeddings in base64 (the SDK default) come back as base64', async () => {
    const call = await runAdapter(openAIAdapter, 'embeddings', { model: 'text-embedding-3-small', input: 'x', encoding_format: 'base64' }, emulatorTarget('openai', byFlavour('openai').baseUrl))
    expect(typeof call.json.data[0].embedding).toBe('string')
  })

  it('openrouter: streams through the processing comments, and surfaces an in-stream error', async () => {
    const emulator = byFlavour('openrouter')
    const body = { model: 'openai/gpt-4o', stream: true, messages: [{ role: 'user', content: 'Hi' }] }
    const call = await runAdapter(openRouterAdapter, 'chat', body, emulatorTarget('openrouter', emulator.baseUrl))
    expect([contentOf(call.chunks!), call.warnings]).toEqual([TEXT_ANSWER, []])
    emulator.enqueue(streamErrorFault('openrouter'))
    const failed = await runAdapter(openRouterAdapter, 'chat', body, emulatorTarget('openrouter', emulator.baseUrl))
    expect(failed.error?.status).toBe(502)
  })

  it('deepseek: keeps reasoning_content of a reasoner model', async () => {
    const call = await runAdapter(deepSeekAdapter, 'chat', { model: 'deepseek-reasoner', messages: [{ role: 'user', content: 'Hi' }] }, emulatorTarget('deepseek', byFlavour('deepseek').baseUrl))
    expect(call.json.choices[0].message.reasoning_content).toBe('Thinking it over.')
  })

  it('together: the eos of the flavour arrives as stop', async () => {
    const call = await runAdapter(togetherAIAdapter, 'chat', { model: 'llama', stream: true, messages: [{ role: 'user', content: 'Hi' }] }, emulatorTarget('together-ai', byFlavour('together').baseUrl))
    expect(call.chunks!.at(-1)!.choices[0].finish_reason).toBe('stop')
  })

  it('ollama: works without a key', async () => {
    const emulator = byFlavour('ollama')
    const call = await runAdapter(ollamaAdapter, 'chat', { model: 'llama3.2', messages: [{ role: 'user', content: 'Hi' }] }, { ...emulatorTarget('ollama', emulator.baseUrl), apiKey: undefined, keySource: 'none' })
    expect(call.json.choices[0].message.content).toBe(TEXT_ANSWER)
    expect(emulator.requests.at(-1)!.headers.authorization).toBeUndefined()
  })
})
