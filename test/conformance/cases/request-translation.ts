import type OpenAI from 'openai'
import { expect } from 'vitest'
import type { ProviderDriver } from '../driver'
import { transcriptOf, type ProviderUnderTest } from '../harness'
import { conformanceCase } from './define-case'
import { IMAGE_DATA_URL, IMAGE_HTTPS_URL, TIME_TOOL, WEATHER_TOOL } from './fixtures'

type Message = OpenAI.Chat.ChatCompletionMessageParam

/**
 * What the provider received, checked through the `#echo` scenario: each emulator answers with
 * the Transcript of the request as it read it in its own wire format.
 */
export function requestTranslationCases(driver: ProviderDriver, provider: () => ProviderUnderTest): void {
  const echo = async (messages: Message[], extra: Partial<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming> = {}) => {
    const { client } = provider()
    const completion = await client.chat.completions.create({ model: driver.model, messages, ...extra })
    return transcriptOf(completion.choices[0].message.content)
  }

  conformanceCase(driver, undefined, 'the system prompt reaches the provider as its system instruction', async () => {
    const transcript = await echo([{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Hi #echo' }])
    expect(transcript.system).toBe('You are terse.')
    expect(transcript.messages).toEqual([{ role: 'user', text: 'Hi #echo' }])
  })

  conformanceCase(driver, undefined, 'a multi-turn conversation keeps its turns, roles and order', async () => {
    const transcript = await echo([
      { role: 'user', content: 'Hi there' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'And now? #echo' },
    ])
    expect(transcript.messages).toEqual([
      { role: 'user', text: 'Hi there' },
      { role: 'assistant', text: 'Hello!' },
      { role: 'user', text: 'And now? #echo' },
    ])
    expect(transcript.model).toBe(driver.model)
  })

  conformanceCase(driver, undefined, 'declared tools reach the provider, with tool_choice auto and required', async () => {
    const auto = await echo([{ role: 'user', content: 'Weather? #echo' }], { tools: [WEATHER_TOOL], tool_choice: 'auto' })
    expect(auto.tools).toEqual(['get_weather'])
    expect(auto.toolChoice ?? 'auto').toBe('auto')
    const required = await echo([{ role: 'user', content: 'Weather? #echo' }], { tools: [WEATHER_TOOL], tool_choice: 'required' })
    expect(required.toolChoice).toBe('required')
  })

  conformanceCase(driver, 'tool-choice-named', 'a named tool_choice forces that tool', async () => {
    const tools = [TIME_TOOL, WEATHER_TOOL]
    const named = await echo([{ role: 'user', content: 'Weather? #echo' }], { tools, tool_choice: { type: 'function', function: { name: 'get_weather' } } })
    // A provider without named choices gets "required" with only the named tool: the same constraint.
    if (named.toolChoice === 'required') expect(named.tools).toEqual(['get_weather'])
    else expect(named).toMatchObject({ toolChoice: 'get_weather', tools: ['get_time', 'get_weather'] })
  })

  conformanceCase(driver, undefined, 'a tool call and its result go back to the provider in its own terms', async () => {
    const transcript = await echo(toolRoundTrip('call_Ab3dE5gH7'), { tools: [WEATHER_TOOL] })
    const call = transcript.messages.find((message) => message.toolCalls)?.toolCalls?.[0]
    const result = transcript.messages.find((message) => message.toolResults)?.toolResults?.[0]
    expect(call).toMatchObject({ name: 'get_weather', arguments: { city: 'Paris' } })
    expect(result?.content).toContain('21')
    expect(transcript.messages.at(-1)).toMatchObject({ role: 'user', text: 'Summarise. #echo' })
    if (result?.name !== undefined) expect(result.name).toBe('get_weather')
  })

  conformanceCase(driver, 'tool-result-ids', 'a tool result names the id of the call it answers', async () => {
    const transcript = await echo(toolRoundTrip('call_Ab3dE5gH7'), { tools: [WEATHER_TOOL] })
    const call = transcript.messages.find((message) => message.toolCalls)?.toolCalls?.[0]
    const result = transcript.messages.find((message) => message.toolResults)?.toolResults?.[0]
    expect(call?.id).toBeTruthy()
    expect(result?.id).toBe(call?.id)
  })

  conformanceCase(driver, undefined, 'an image given as a data URL reaches the provider inline', async () => {
    const transcript = await echo([{ role: 'user', content: [{ type: 'text', text: 'What is this? #echo' }, { type: 'image_url', image_url: { url: IMAGE_DATA_URL } }] }])
    expect(transcript.messages[0]).toMatchObject({ role: 'user', text: 'What is this? #echo', images: ['image/png;base64'] })
  })

  conformanceCase(driver, 'image-https-url', `an image given as an https URL is ${driver.imageUrl}`, async () => {
    const messages: Message[] = [{ role: 'user', content: [{ type: 'text', text: 'What is this? #echo' }, { type: 'image_url', image_url: { url: IMAGE_HTTPS_URL } }] }]
    if (driver.imageUrl === 'forwarded') {
      expect((await echo(messages)).messages[0].images).toEqual([IMAGE_HTTPS_URL])
      return
    }
    const error = await echo(messages).catch((thrown) => thrown)
    expect(error.status).toBe(400)
    expect(provider().emulator.requests).toHaveLength(0)
  })

  conformanceCase(driver, 'sampling-parameters', 'max_tokens, temperature, top_p and stop reach the provider', async () => {
    const transcript = await echo([{ role: 'user', content: 'Hi #echo' }], { max_tokens: 50, temperature: 0.5, top_p: 0.9, stop: ['###'] })
    expect(transcript).toMatchObject({ maxTokens: 50, temperature: 0.5, topP: 0.9, stop: ['###'] })
  })

  conformanceCase(driver, undefined, 'a streamed request reaches the provider as a stream with the same content', async () => {
    const stream = provider().client.chat.completions.stream({ model: driver.model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi #echo' }] })
    const transcript = transcriptOf((await stream.finalChatCompletion()).choices[0].message.content)
    expect(transcript).toMatchObject({ stream: true, system: 'Be brief.', messages: [{ role: 'user', text: 'Hi #echo' }] })
  })
}

/** A conversation in which the assistant called get_weather and the tool answered, then the user asks on. */
function toolRoundTrip(callId: string): Message[] {
  return [
    { role: 'user', content: 'What is the weather in Paris?' },
    { role: 'assistant', content: null, tool_calls: [{ id: callId, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
    { role: 'tool', tool_call_id: callId, content: '{"temperature_c":21}' },
    { role: 'user', content: 'Summarise. #echo' },
  ]
}
