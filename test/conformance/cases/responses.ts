import type OpenAI from 'openai'
import { expect } from 'vitest'
import { LENGTH_DELTAS, TEXT_ANSWER, TOOL_ARGUMENTS, USAGE } from '../../emulators/scenarios'
import type { CaseId, ProviderDriver } from '../driver'
import type { ProviderUnderTest } from '../harness'
import { conformanceCase } from './define-case'
import { WEATHER_TOOL } from './fixtures'

type Chunk = OpenAI.Chat.ChatCompletionChunk

/** Reads a stream as raw chunks (the SDK's iterator, no accumulation). */
async function rawChunks(client: OpenAI, body: OpenAI.Chat.ChatCompletionCreateParamsStreaming): Promise<Chunk[]> {
  const chunks: Chunk[] = []
  for await (const chunk of await client.chat.completions.create(body)) chunks.push(chunk)
  return chunks
}

const FINISHES: Array<{ prompt: string; finish: string; id?: CaseId; tools?: boolean }> = [
  { prompt: 'Hi', finish: 'stop' },
  { prompt: 'Count #stop', finish: 'stop' },
  { prompt: 'Write a lot #length', finish: 'length' },
  { prompt: 'Weather? #tool', finish: 'tool_calls', tools: true },
  { prompt: 'Something bad #filter', finish: 'content_filter', id: 'finish-content-filter' },
]

/** The OpenAI response shapes the caller gets back: text, tool calls, usage, finish reasons; stream and not. */
export function responseCases(driver: ProviderDriver, provider: () => ProviderUnderTest): void {
  conformanceCase(driver, undefined, 'a text answer is a complete chat.completion with usage and trace headers', async () => {
    const { data, response } = await provider().client.chat.completions.create({ model: driver.model, messages: [{ role: 'user', content: 'Hi' }] }).withResponse()
    expect(data).toMatchObject({ object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: TEXT_ANSWER }, finish_reason: 'stop' }] })
    expect(typeof data.id).toBe('string')
    expect(typeof data.created).toBe('number')
    expect(data.usage).toMatchObject({ prompt_tokens: USAGE.prompt, completion_tokens: USAGE.completion, total_tokens: USAGE.prompt + USAGE.completion })
    expect(response.headers.get('x-portkey-provider')).toBe(driver.provider)
    if (driver.cachedTokens !== undefined) expect(data.usage?.prompt_tokens_details?.cached_tokens).toBe(driver.cachedTokens)
  })

  conformanceCase(driver, undefined, 'a text stream has the role first, the text, one finish and no usage unless asked', async () => {
    const chunks = await rawChunks(provider().client, { model: driver.model, messages: [{ role: 'user', content: 'Hi' }], stream: true })
    expect(chunks[0].choices[0].delta.role).toBe('assistant')
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(TEXT_ANSWER)
    const finishes = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason).filter(Boolean))
    expect(finishes).toEqual(['stop'])
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.id === chunks[0].id)).toBe(true)
    expect(chunks.filter((chunk) => chunk.usage != null)).toEqual([])
  })

  conformanceCase(driver, undefined, 'include_usage adds one final usage chunk with empty choices', async () => {
    const chunks = await rawChunks(provider().client, {
      model: driver.model, messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true },
    })
    const last = chunks.at(-1)!
    expect(last.choices).toEqual([])
    expect(last.usage).toMatchObject({ prompt_tokens: USAGE.prompt, completion_tokens: USAGE.completion, total_tokens: USAGE.prompt + USAGE.completion })
    if (driver.cachedTokens !== undefined) expect(last.usage?.prompt_tokens_details?.cached_tokens).toBe(driver.cachedTokens)
    expect(chunks.slice(0, -1).filter((chunk) => chunk.usage != null)).toEqual([])
  })

  conformanceCase(driver, undefined, 'a tool call comes back with an id, the name and JSON arguments', async () => {
    const completion = await provider().client.chat.completions.create({ model: driver.model, messages: [{ role: 'user', content: 'Weather? #tool' }], tools: [WEATHER_TOOL] })
    const call = completion.choices[0].message.tool_calls?.[0]
    expect(completion.choices[0].finish_reason).toBe('tool_calls')
    expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather' } })
    expect(call?.id).toBeTruthy()
    expect(JSON.parse(call?.type === 'function' ? call.function.arguments : '')).toEqual(TOOL_ARGUMENTS)
  })

  conformanceCase(driver, undefined, 'a streamed tool call assembles in the SDK (finalChatCompletion)', async () => {
    const stream = provider().client.chat.completions.stream({ model: driver.model, messages: [{ role: 'user', content: 'Weather? #tool' }], tools: [WEATHER_TOOL] })
    const final = await stream.finalChatCompletion()
    const call = final.choices[0].message.tool_calls?.[0]
    expect(final.choices[0].finish_reason).toBe('tool_calls')
    expect(call?.id).toBeTruthy()
    expect(call?.function.name).toBe('get_weather')
    expect(JSON.parse(call?.function.arguments ?? '')).toEqual(TOOL_ARGUMENTS)
  })

  for (const { prompt, finish, id, tools } of FINISHES) {
    const extra = tools ? { tools: [WEATHER_TOOL] } : {}
    conformanceCase(driver, id, `finish_reason ${finish} for "${prompt}" (not streamed)`, async () => {
      const completion = await provider().client.chat.completions.create({ model: driver.model, messages: [{ role: 'user', content: prompt }], max_tokens: 100, ...extra })
      expect(completion.choices[0].finish_reason).toBe(finish)
      if (finish === 'length') expect(completion.choices[0].message.content).toBe(LENGTH_DELTAS.join(''))
    })
    conformanceCase(driver, id, `finish_reason ${finish} for "${prompt}" (streamed)`, async () => {
      const stream = provider().client.chat.completions.stream({ model: driver.model, messages: [{ role: 'user', content: prompt }], max_tokens: 100, ...extra })
      expect((await stream.finalChatCompletion()).choices[0].finish_reason).toBe(finish)
    })
  }
}
