import OpenAI from 'openai'
import { expect } from 'vitest'
import type { Fault } from '../../emulators/core'
import { EXPECTED_ERRORS, ERROR_KINDS, type ProviderDriver } from '../driver'
import type { ProviderUnderTest } from '../harness'
import { conformanceCase } from './define-case'

/** Every string in a fault body: the provider's own words, one of which the caller must see. */
function providerTexts(fault: Fault): string[] {
  const texts: string[] = []
  const walk = (value: unknown) => {
    if (typeof value === 'string' && value.length >= 8) texts.push(value)
    else if (Array.isArray(value)) value.forEach(walk)
    else if (value && typeof value === 'object') Object.values(value).forEach(walk)
  }
  walk(fault.body)
  return texts
}

/** Each provider error class becomes the OpenAI envelope with the status and SDK class OpenAI would give. */
export function errorCases(driver: ProviderDriver, provider: () => ProviderUnderTest): void {
  for (const kind of ERROR_KINDS) {
    const expected = driver.errorOverrides?.[kind] ?? EXPECTED_ERRORS[kind]
    for (const stream of [false, true]) {
      const title = `${kind} answers ${expected.status} (${expected.className})${stream ? ', streamed' : ''}, keeping the provider's message`
      conformanceCase(driver, `error-${kind}`, title, async () => {
        const { client, emulator, started, secretValues } = provider()
        const fault = started.errorFault(kind)
        emulator.enqueue(fault)
        const request = { model: driver.model, messages: [{ role: 'user' as const, content: 'Hi' }] }
        const error = await (stream ? client.chat.completions.stream(request).finalChatCompletion() : client.chat.completions.create(request)).catch((thrown) => thrown)
        expect(error).toBeInstanceOf((OpenAI as unknown as Record<string, typeof OpenAI.APIError>)[expected.className])
        expect(error.status).toBe(expected.status)
        if (expected.code) expect(error.code).toBe(expected.code)
        const message = String(error.error?.message ?? '')
        // The start of the provider's own message survives (key-shaped tokens later in it are redacted).
        expect(providerTexts(fault).some((text) => message.includes(text.slice(0, 20)))).toBe(true)
        for (const secret of secretValues) expect(JSON.stringify(error.error)).not.toContain(secret)
        expect(emulator.requests).toHaveLength(1)
      })
    }
  }

  conformanceCase(driver, 'stream-error-before-content', 'an error inside a 200 stream before any content is an error answer, not a broken stream', async () => {
    const { client, emulator, started } = provider()
    if (!started.streamErrorFault) throw new Error(`${driver.name} declares no stream error fault`)
    emulator.enqueue(started.streamErrorFault())
    const error = await client.chat.completions.stream({ model: driver.model, messages: [{ role: 'user', content: 'Hi' }] }).finalChatCompletion().catch((thrown) => thrown)
    expect(error).toBeInstanceOf(OpenAI.APIError)
    expect(error.status === 429 || error.status >= 500).toBe(true)
    expect(error.error?.message).toBeTruthy()
  })
}
