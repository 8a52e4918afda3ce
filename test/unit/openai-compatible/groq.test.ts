import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { groqAdapter } from '../../../providers/openai-compatible'
import { errorFault, startOpenAIEmulator, type OpenAIEmulator } from '../../emulators/openai'
import { TEXT_ANSWER } from '../../emulators/scenarios'
import { chunkings } from '../../helpers/rechunk'
import { contentOf, fixture, replay, TEST_TARGET } from '../openai/replay'
import { emulatorTarget, runAdapter } from '../../helpers/run-adapter'

const chat = groqAdapter.endpoints.chat!

describe('groq request mapping', () => {
  it('refuses n > 1 with a 400 on n before anything is sent', () => {
    expect(() => chat.toUpstream({ model: 'llama', messages: [], n: 3 }, TEST_TARGET)).toThrow(expect.objectContaining({ status: 400, param: 'n', retryable: false }))
    expect(() => chat.toUpstream({ model: 'llama', messages: [], n: 1 }, TEST_TARGET)).not.toThrow()
  })

  it('drops stream_options, logprobs and top_logprobs and keeps every other parameter', () => {
    const body = { model: 'llama', messages: [], stream: true, stream_options: { include_usage: true }, logprobs: true, top_logprobs: 2, reasoning_format: 'parsed', temperature: 0.2 }
    expect(JSON.parse(chat.toUpstream(body, TEST_TARGET).body as string)).toEqual({ model: 'llama', messages: [], stream: true, reasoning_format: 'parsed', temperature: 0.2 })
  })

  it('serves chat and models at the /openai/v1 base', () => {
    expect(groqAdapter.baseUrl(TEST_TARGET)).toBe('https://api.groq.com/openai/v1')
    expect(Object.keys(groqAdapter.endpoints).sort()).toEqual(['chat', 'models'])
  })
})

describe('groq stream usage', () => {
  it('adds the OpenAI usage chunk (choices: []) from x_groq.usage when the caller asked for usage', async () => {
    const result = await replay(chat, fixture('groq-x-groq-usage.sse'), [], 'chat', { model: 'llama' }, true)
    expect(contentOf(result.chunks)).toBe('Hola ¿qué tal?')
    const [finish, usage] = result.chunks.slice(-2)
    expect(finish.choices[0].finish_reason).toBe('stop')
    expect(usage.choices).toEqual([])
    expect(usage.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 })
    expect(usage.id).toBe('chatcmpl-gq77')
  })

  it('adds no usage chunk when the caller did not ask', async () => {
    const result = await replay(chat, fixture('groq-x-groq-usage.sse'), [], 'chat', { model: 'llama' }, false)
    expect(result.chunks.every((chunk) => chunk.choices.length === 1)).toBe(true)
  })

  for (const { name, cuts } of chunkings(fixture('groq-x-groq-usage.sse'))) {
    it(`gives the same chunks when cut ${name}`, async () => {
      const whole = await replay(chat, fixture('groq-x-groq-usage.sse'), [], 'chat', undefined, true)
      expect((await replay(chat, fixture('groq-x-groq-usage.sse'), cuts, 'chat', undefined, true)).chunks).toEqual(whole.chunks)
    })
  }
})

describe('groq against the groq emulator flavour', () => {
  let emulator: OpenAIEmulator
  beforeAll(async () => void (emulator = await startOpenAIEmulator({ flavour: 'groq' })))
  afterAll(() => emulator.close())

  it('the flavour refuses stream_options, so the mapping is what makes include_usage work', async () => {
    const body = { model: 'llama', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hi' }] }
    const direct = await fetch(`${emulator.baseUrl}/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: JSON.stringify(body) })
    expect(direct.status).toBe(400)
    const call = await runAdapter(groqAdapter, 'chat', body, emulatorTarget('groq', emulator.baseUrl))
    expect(call.error).toBeUndefined()
    expect(contentOf(call.chunks!)).toBe(TEXT_ANSWER)
    expect(call.chunks!.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: 18 } })
  })

  it('maps Groq errors from the OpenAI envelope', async () => {
    emulator.enqueue(errorFault('rate_limit', 'groq'))
    const call = await runAdapter(groqAdapter, 'chat', { model: 'llama', messages: [{ role: 'user', content: 'Hi' }] }, emulatorTarget('groq', emulator.baseUrl))
    expect([call.error?.status, call.error?.code, call.error?.retryable, call.error?.provider]).toEqual([429, 'rate_limit_exceeded', true, 'groq'])
  })
})
