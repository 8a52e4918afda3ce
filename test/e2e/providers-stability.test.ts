import OpenAI from 'openai'
import { createHeaders } from 'portkey-ai'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { Emulator } from '../emulators/core'
import { STABILITY_EMULATOR_KEY, TINY_PNG_BASE64, errorFault, startStabilityEmulator } from '../emulators/stability'
import { startGateway, type Gateway } from '../helpers/gateway'

// Stability AI through the gateway in workerd: n > 1 on the v2beta multipart endpoints is served
// by n parallel requests that share one FormData body, which workerd must serialise afresh each time.
let stability: Emulator
let gateway: Gateway

beforeAll(async () => {
  stability = await startStabilityEmulator()
  gateway = await startGateway({
    secrets: { STABILITY_KEY: STABILITY_EMULATOR_KEY },
    kv: { 'integration:stability': { provider: 'stability-ai', secret: 'STABILITY_KEY', custom_host: stability.url } },
  })
})
afterAll(async () => {
  await gateway?.dispose()
  await stability?.close()
})
beforeEach(() => stability.reset())

const client = () => new OpenAI({ apiKey: 'X', baseURL: `${gateway.url}/v1`, maxRetries: 0, defaultHeaders: createHeaders({ virtualKey: 'stability' }) })

/** The form fields of a recorded multipart request, parsed by the Web Request parser. */
async function formFields(request: Emulator['requests'][number]): Promise<Record<string, string>> {
  const form = await new Request('http://emulator.local/', { method: 'POST', headers: { 'content-type': String(request.headers['content-type']) }, body: new Uint8Array(request.raw) }).formData()
  return Object.fromEntries([...form.entries()].map(([name, value]) => [name, String(value)]))
}

describe('Stability AI image generation through the gateway', () => {
  test.each(['stable-image-core', 'stable-image-ultra', 'sd3.5-large'])('%s with n = 3 sends three complete multipart requests and answers three images', async (model) => {
    const images = await client().images.generate({ model, prompt: 'A lighthouse at dusk', n: 3, size: '1792x1024', response_format: 'b64_json' })
    expect(images.data).toHaveLength(3)
    for (const image of images.data!) expect(image.b64_json).toBe(TINY_PNG_BASE64)
    expect(stability.requests).toHaveLength(3)
    for (const request of stability.requests) {
      expect(String(request.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/)
      expect(await formFields(request)).toMatchObject({ prompt: 'A lighthouse at dusk', aspect_ratio: '16:9', ...(model.startsWith('sd3') ? { model } : {}) })
      expect(request.headers.authorization).toBe(`Bearer ${STABILITY_EMULATOR_KEY}`)
    }
  })

  test('one failing request of the n parallel ones fails the whole answer with its error', async () => {
    stability.enqueue({}, errorFault('rate_limit'))
    const error = await client().images.generate({ model: 'stable-image-core', prompt: 'A lighthouse', n: 2, response_format: 'b64_json' }).catch((thrown) => thrown)
    expect(error).toBeInstanceOf(OpenAI.RateLimitError)
    expect(error.error.message).toContain('rate limit')
  })

  test('a v1 engine with n = 2 asks once for two samples', async () => {
    const images = await client().images.generate({ model: 'stable-diffusion-v1-6', prompt: 'A fox', n: 2, size: '1024x1024', response_format: 'b64_json' })
    expect(images.data).toHaveLength(2)
    expect(stability.requests).toHaveLength(1)
    expect(stability.requests[0].json).toMatchObject({ samples: 2, width: 1024, height: 1024 })
  })

  test('response_format url (the default) answers data: URLs, since Stability returns only bytes', async () => {
    const images = await client().images.generate({ model: 'stable-image-core', prompt: 'A fox', output_format: 'webp' } as OpenAI.Images.ImageGenerateParamsNonStreaming)
    expect(images.data![0].url).toBe(`data:image/webp;base64,${TINY_PNG_BASE64}`)
  })

  test('an image Stability filters (200, CONTENT_FILTERED) is a content-policy 400', async () => {
    const error = await client().images.generate({ model: 'stable-image-core', prompt: 'Something #filter', response_format: 'b64_json' }).catch((thrown) => thrown)
    expect(error).toBeInstanceOf(OpenAI.BadRequestError)
    expect(error.code).toBe('content_policy_violation')
  })
})
