import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { Emulator } from '../../emulators/core'
import { EMULATOR_SEED, TINY_PNG_BASE64, errorFault, startStabilityEmulator } from '../../emulators/stability'
import type { ErrorKind } from '../../emulators/scenarios'
import { readErrorBody } from '../../../worker/executor/read-error-body'
import { stabilityAdapter } from '../../../providers/stability-ai'
import { runAdapter } from '../../helpers/run-adapter'
import type { OpenAIBody } from '../../../providers/types'
import { images, makeContext, target } from './helpers'

let emulator: Emulator
beforeAll(async () => { emulator = await startStabilityEmulator({ apiKey: 'sk-stab-test' }) })
afterAll(async () => { await emulator.close() })
beforeEach(() => emulator.reset())

/** The whole path: adapter request → emulator → adapter mapping (or the mapped error, thrown). */
async function generate(body: OpenAIBody, apiKey = target.apiKey): Promise<any> {
  const run = await runAdapter(stabilityAdapter, 'images', body, { ...target, baseUrl: emulator.url, apiKey })
  if (run.error) throw run.error
  return run.json
}
const parseForm = (index: number) => {
  const request = emulator.requests[index]
  return new Request('http://x/', { method: 'POST', headers: { 'content-type': String(request.headers['content-type']) }, body: new Uint8Array(request.raw) }).formData()
}
const fixture = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../fixtures/stability-ai/${name}`, import.meta.url)), 'utf8'))

describe('stability adapter against the Stability emulator', () => {
  test('serves the cookbook call: stable-diffusion-v1-6, 1024x1024, b64_json → a PNG', async () => {
    const mapped = await generate({ model: 'stable-diffusion-v1-6', prompt: 'Kraken in the milkyway galaxy', n: 1, size: '1024x1024', response_format: 'b64_json' })
    expect(emulator.requests[0]).toMatchObject({ method: 'POST', url: '/v1/generation/stable-diffusion-v1-6/text-to-image' })
    expect(emulator.requests[0].headers).toMatchObject({ authorization: 'Bearer sk-stab-test', accept: 'application/json', 'content-type': 'application/json' })
    expect(mapped.data).toHaveLength(1)
    expect(Buffer.from(mapped.data[0].b64_json, 'base64').subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  })

  test('snaps OpenAI sizes onto sizes the SDXL engine accepts, with samples = n', async () => {
    for (const size of ['1792x1024', '1024x1792', '1536x1024', '512x512']) {
      const mapped = await generate({ model: 'stable-diffusion-xl-1024-v1-0', prompt: 'x', size, n: 2, response_format: 'b64_json' })
      expect(mapped.data).toHaveLength(2)
    }
    expect(emulator.requests.map((request) => `${request.json.width}x${request.json.height}`)).toEqual(['1344x768', '768x1344', '1216x832', '1024x1024'])
  })

  test('the emulator refuses SDXL sizes that are not allowed, and the error keeps Stability message', async () => {
    const response = await fetch(`${emulator.url}/v1/generation/stable-diffusion-xl-1024-v1-0/text-to-image`, {
      method: 'POST', headers: { authorization: 'Bearer sk-stab-test', 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ text_prompts: [{ text: 'x' }], width: 512, height: 512 }),
    })
    const error = images.toError(response.status, await readErrorBody(response), response.headers)
    expect(error).toMatchObject({ status: 400, code: 'invalid_sdxl_v1_dimensions' })
  })

  test('sends v2beta as multipart the emulator parses, n > 1 as n parallel requests of one FormData', async () => {
    const mapped = await generate({ model: 'stable-image-core', prompt: 'A lighthouse', n: 3, size: '1024x1792', seed: 5, negative_prompt: 'fog', response_format: 'b64_json' })
    expect(mapped.data).toEqual([{ b64_json: TINY_PNG_BASE64 }, { b64_json: TINY_PNG_BASE64 }, { b64_json: TINY_PNG_BASE64 }])
    expect(emulator.requests).toHaveLength(3)
    for (let index = 0; index < 3; index++) {
      expect(emulator.requests[index].url).toBe('/v2beta/stable-image/generate/core')
      expect(emulator.requests[index].headers['content-type']).toMatch(/^multipart\/form-data; boundary=/)
      const form = await parseForm(index)
      expect(Object.fromEntries(form.entries())).toEqual({ prompt: 'A lighthouse', aspect_ratio: '9:16', seed: '5', negative_prompt: 'fog' })
    }
  })

  test('returns data: URLs for response_format url, typed by output_format, on ultra and sd3', async () => {
    const ultra = await generate({ model: 'stable-image-ultra', prompt: 'x', output_format: 'webp', response_format: 'url' })
    expect(ultra.data[0].url).toBe(`data:image/webp;base64,${TINY_PNG_BASE64}`)
    const sd3 = await generate({ model: 'sd3.5-large', prompt: 'x', output_format: 'jpeg' })
    expect(sd3.data[0].url).toBe(`data:image/jpeg;base64,${TINY_PNG_BASE64}`)
    expect(Object.fromEntries((await parseForm(1)).entries())).toEqual({ prompt: 'x', output_format: 'jpeg', model: 'sd3.5-large' })
  })

  test('#filter: a CONTENT_FILTERED image becomes a 400 content_policy_violation, v2beta and v1', async () => {
    await expect(generate({ model: 'core', prompt: 'a #filter scene' })).rejects.toMatchObject({ status: 400, code: 'content_policy_violation' })
    await expect(generate({ model: 'stable-diffusion-v1-6', prompt: 'a #filter scene' })).rejects.toMatchObject({ status: 400, code: 'content_policy_violation' })
  })

  test('a wrong key is a 401 invalid_api_key on both APIs', async () => {
    await expect(generate({ model: 'core', prompt: 'x' }, 'wrong')).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' })
    await expect(generate({ model: 'stable-diffusion-v1-6', prompt: 'x' }, 'wrong')).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' })
  })

  test.each([
    ['bad_request', 400, 'bad_request', false],
    ['auth', 401, 'invalid_api_key', false],
    ['permission', 403, 'permission_denied', false],
    ['not_found', 404, 'model_not_found', false],
    ['rate_limit', 429, 'rate_limit_exceeded', true],
    ['server', 500, null, true],
    ['overloaded', 503, null, true],
    ['context_length', 413, 'payload_too_large', false],
    ['content_filter', 400, 'content_policy_violation', false],
  ] as Array<[ErrorKind, number, string | null, boolean]>)('errorFault(%s) maps to %i %s', async (kind, status, code, retryable) => {
    emulator.enqueue(errorFault(kind))
    await expect(generate({ model: 'core', prompt: 'x' })).rejects.toMatchObject({ status, code, retryable })
    emulator.enqueue(errorFault(kind, 'v1'))
    await expect(generate({ model: 'stable-diffusion-v1-6', prompt: 'x' })).rejects.toMatchObject({ status, code, retryable })
  })

  test('one failed parallel request fails the whole call with its error', async () => {
    emulator.enqueue({}, errorFault('rate_limit'))
    await expect(generate({ model: 'core', prompt: 'x', n: 2 })).rejects.toMatchObject({ status: 429, headers: { 'retry-after': '0' } })
  })

  test('maps the recorded fixtures', () => {
    expect(images.fromUpstream(fixture('v2-core.json'), makeContext({ model: 'core', prompt: 'x', response_format: 'b64_json' }))).toEqual({ created: 1_730_000_000, data: [{ b64_json: TINY_PNG_BASE64 }] })
    expect((images.fromUpstream(fixture('v1-text-to-image.json'), makeContext({ model: 'stable-diffusion-v1-6', prompt: 'x', n: 2 })) as any).data).toHaveLength(2)
    expect(images.toError(403, fixture('v2-error-content-moderation.json'), new Headers())).toMatchObject({ status: 400, code: 'content_policy_violation' })
    expect(images.toError(400, fixture('v1-error-sdxl-dimensions.json'), new Headers())).toMatchObject({ status: 400, code: 'invalid_sdxl_v1_dimensions' })
  })
})

describe('the Stability emulator speaks the real wire format', () => {
  const v2Url = () => `${emulator.url}/v2beta/stable-image/generate/core`
  const auth = { authorization: 'Bearer sk-stab-test' }

  test('v2beta rejects a body that is not multipart with a 400 in its error shape', async () => {
    const response = await fetch(v2Url(), { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'x' }) })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ name: 'bad_request', errors: [expect.stringContaining('multipart/form-data')] })
  })

  test('v2beta answers raw image bytes with finish-reason and seed headers for Accept image/*', async () => {
    const form = new FormData()
    form.append('prompt', 'x')
    form.append('output_format', 'jpeg')
    const response = await fetch(v2Url(), { method: 'POST', headers: { ...auth, accept: 'image/*' }, body: form })
    expect(response.headers.get('content-type')).toBe('image/jpeg')
    expect(response.headers.get('finish-reason')).toBe('SUCCESS')
    expect(response.headers.get('seed')).toBe(String(EMULATOR_SEED))
    expect(Buffer.from(await response.arrayBuffer()).toString('base64')).toBe(TINY_PNG_BASE64)
  })

  test('v2beta validates aspect_ratio and the sd3 output formats', async () => {
    const form = new FormData()
    form.append('prompt', 'x')
    form.append('aspect_ratio', '7:3')
    expect((await fetch(v2Url(), { method: 'POST', headers: auth, body: form })).status).toBe(400)
    const sd3 = new FormData()
    sd3.append('prompt', 'x')
    sd3.append('output_format', 'webp')
    expect((await fetch(`${emulator.url}/v2beta/stable-image/generate/sd3`, { method: 'POST', headers: auth, body: sd3 })).status).toBe(400)
  })

  test('v1 refuses samples > 1 with Accept image/png, and widths that are not multiples of 64', async () => {
    const post = (body: object, accept: string) => fetch(`${emulator.url}/v1/generation/stable-diffusion-v1-6/text-to-image`, {
      method: 'POST', headers: { ...auth, accept, 'content-type': 'application/json' }, body: JSON.stringify(body),
    })
    expect(await (await post({ text_prompts: [{ text: 'x' }], samples: 2 }, 'image/png')).json()).toMatchObject({ name: 'invalid_samples' })
    expect(await (await post({ text_prompts: [{ text: 'x' }], width: 500 }, 'application/json')).json()).toMatchObject({ name: 'invalid_height_or_width' })
    const png = await post({ text_prompts: [{ text: 'x' }] }, 'image/png')
    expect(png.headers.get('finish-reason')).toBe('SUCCESS')
  })
})
