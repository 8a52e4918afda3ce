import { describe, expect, it } from 'vitest'
import { openAIAdapter } from '../../../providers/openai'
import { GatewayError } from '../../../worker/http/errors'
import { chunkings } from '../../helpers/rechunk'
import { contentOf, fixture, replay } from './replay'

const chat = openAIAdapter.endpoints.chat!
const completions = openAIAdapter.endpoints.completions!

describe('openai stream transform, whole fixtures', () => {
  it('passes every chunk of a text stream through, usage chunk included, and drops [DONE]', async () => {
    const result = await replay(chat, fixture('chat-text.sse'), [], 'chat', undefined, true)
    expect(result.error).toBeUndefined()
    expect(result.chunks).toHaveLength(7)
    expect(contentOf(result.chunks)).toBe('Bonjour café 👋 à tous')
    expect(result.chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '', refusal: null })
    expect(result.chunks[5].choices[0].finish_reason).toBe('stop')
    expect(result.chunks[6].choices).toEqual([])
    expect(result.chunks[6].usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 })
    // Unknown fields (obfuscation, service_tier) survive.
    expect(result.chunks[0].obfuscation).toBe('Xy3')
    expect(result.chunks[0].id).toBe('chatcmpl-Bx7emu1')
    expect(result.warnings).toEqual([])
  })

  it('keeps tool-call deltas as sent, from a CRLF stream', async () => {
    const result = await replay(chat, fixture('chat-tool-crlf.sse'), [])
    expect(result.chunks).toHaveLength(4)
    const first = (result.chunks[0].choices[0].delta as any).tool_calls[0]
    expect(first).toEqual({ index: 0, id: 'call_Qm1wG0yJ6aSZ', type: 'function', function: { name: 'get_weather', arguments: '' } })
    const fragments = result.chunks.slice(1, 3).map((chunk) => (chunk.choices[0].delta as any).tool_calls[0].function.arguments)
    expect(JSON.parse(fragments.join(''))).toEqual({ city: 'Paris' })
    expect(result.chunks[3].choices[0].finish_reason).toBe('tool_calls')
  })

  it('raises an error payload inside a 200 stream as a retryable GatewayError after the content before it', async () => {
    const result = await replay(chat, fixture('chat-stream-error.sse'), [])
    expect(contentOf(result.chunks)).toBe('Hél')
    expect(result.error).toBeInstanceOf(GatewayError)
    const error = result.error as GatewayError
    expect(error.status).toBe(500)
    expect(error.type).toBe('server_error')
    expect(error.retryable).toBe(true)
    expect(error.message).toContain('The server had an error')
  })

  it('skips a malformed event, reports it, and keeps the stream going', async () => {
    const result = await replay(chat, fixture('chat-malformed.sse'), [])
    expect(result.error).toBeUndefined()
    expect(result.chunks).toHaveLength(3)
    expect(contentOf(result.chunks)).toBe('ok ✓')
    expect(result.warnings).toHaveLength(1)
    expect(result.warnings[0]).toMatch(/openai: skipped a stream event \(not JSON\)/)
  })

  it('passes legacy completion chunks through with their text and usage chunk', async () => {
    const result = await replay(completions, fixture('completions.sse'), [], 'completions', { model: 'gpt-3.5-turbo-instruct' }, true)
    expect(result.chunks.map((chunk) => (chunk.choices[0] as any)?.text ?? '').join('')).toBe('Once upon a time…')
    expect(result.chunks.at(-2)!.choices[0].finish_reason).toBe('length')
    expect(result.chunks.at(-1)!.usage).toEqual({ prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 })
    expect(result.chunks.every((chunk) => chunk.object === 'text_completion')).toBe(true)
  })
})

describe('openai stream transform, re-chunked at awkward byte boundaries', () => {
  const cases = ['chat-text.sse', 'chat-tool-crlf.sse', 'chat-stream-error.sse', 'chat-malformed.sse', 'completions.sse']
  for (const name of cases) {
    for (const { name: how, cuts } of chunkings(fixture(name))) {
      it(`${name}: gives the same chunks, error and warnings when cut ${how}`, async () => {
        const endpoint = name.startsWith('completions') ? 'completions' : 'chat'
        const adapter = endpoint === 'chat' ? chat : completions
        const whole = await replay(adapter, fixture(name), [], endpoint)
        const cut = await replay(adapter, fixture(name), cuts, endpoint)
        expect(cut.chunks).toEqual(whole.chunks)
        expect(cut.warnings).toEqual(whole.warnings)
        expect(String(cut.error)).toBe(String(whole.error))
      })
    }
  }

  it('the fixtures really contain the awkward boundaries they are cut at', () => {
    expect(chunkings(fixture('chat-tool-crlf.sse')).find((cut) => cut.name === 'inside every CRLF')!.cuts.length).toBeGreaterThan(5)
    expect(chunkings(fixture('chat-text.sse')).find((cut) => cut.name === 'inside every multi-byte UTF-8 character')!.cuts.length).toBeGreaterThanOrEqual(5)
  })
})

describe('openai stream transform, odd chunks', () => {
  const encode = (text: string) => new TextEncoder().encode(text)

  it('fills id, object, created and model when a compatible server leaves them out', async () => {
    const result = await replay(chat, encode('data: {"choices":[{"delta":{"content":"x"}}]}\n\n'), [], 'chat', { model: 'llama3' })
    expect(result.chunks[0]).toMatchObject({ id: 'chatcmpl-gateway', object: 'chat.completion.chunk', created: 1_800_000_000, model: 'llama3' })
    expect(result.chunks[0].choices[0].index).toBe(0)
  })

  it('treats a usage payload without choices as the usage chunk', async () => {
    const result = await replay(chat, encode('data: {"id":"x","usage":{"prompt_tokens":1}}\n\n'), [])
    expect(result.chunks[0].choices).toEqual([])
    expect(result.chunks[0].usage).toEqual({ prompt_tokens: 1 })
  })

  it('skips JSON that is not a chunk and arrays, with a warning each', async () => {
    const result = await replay(chat, encode('data: {"hello":1}\n\ndata: [1,2]\n\ndata: {"choices":[]}\n\n'), [])
    expect(result.chunks).toHaveLength(1)
    expect(result.warnings).toHaveLength(2)
  })

  it('maps an in-stream error code to its status (rate limit → 429)', async () => {
    const result = await replay(chat, encode('data: {"error":{"message":"slow down","type":"tokens","code":"rate_limit_exceeded"}}\n\n'), [])
    expect((result.error as GatewayError).status).toBe(429)
    expect((result.error as GatewayError).code).toBe('rate_limit_exceeded')
  })
})
