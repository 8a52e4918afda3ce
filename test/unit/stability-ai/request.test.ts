import { describe, expect, test } from 'vitest'
import { GatewayError } from '../../../worker/http/errors'
import { mapSizeToAspectRatio, parseOpenAISize } from '../../../providers/stability-ai/map-size'
import { selectStabilityRoute } from '../../../providers/stability-ai/select-stability-route'
import { snapV1Dimensions } from '../../../providers/stability-ai/snap-v1-dimensions'
import type { OpenAIBody } from '../../../providers/types'
import { formFields, images, target } from './helpers'

const map = (body: OpenAIBody) => images.toUpstream(body, target)
const rejects = (body: OpenAIBody, param: string) => {
  const thrown = (() => { try { map(body) } catch (error) { return error } })()
  expect(thrown).toBeInstanceOf(GatewayError)
  expect(thrown).toMatchObject({ status: 400, param })
}

describe('selectStabilityRoute', () => {
  test.each([
    ['stable-image-core', { api: 'v2', endpoint: 'core' }],
    ['core', { api: 'v2', endpoint: 'core' }],
    [undefined, { api: 'v2', endpoint: 'core' }],
    ['stable-image-ultra', { api: 'v2', endpoint: 'ultra' }],
    ['ultra', { api: 'v2', endpoint: 'ultra' }],
    ['sd3', { api: 'v2', endpoint: 'sd3' }],
    ['sd3.5-large', { api: 'v2', endpoint: 'sd3', formModel: 'sd3.5-large' }],
    ['sd3-medium', { api: 'v2', endpoint: 'sd3', formModel: 'sd3-medium' }],
    ['stable-diffusion-v1-6', { api: 'v1', engine: 'stable-diffusion-v1-6' }],
    ['stable-diffusion-xl-1024-v1-0', { api: 'v1', engine: 'stable-diffusion-xl-1024-v1-0' }],
  ])('routes %s', (model, route) => {
    expect(selectStabilityRoute(model)).toEqual(route)
  })

  test('refuses a model that is not an engine id rather than putting it in the path', () => {
    expect(() => selectStabilityRoute('../v1/user/balance')).toThrow(GatewayError)
  })
})

describe('size mapping', () => {
  test.each([
    ['256x256', '1:1'], ['512x512', '1:1'], ['1024x1024', '1:1'], ['1792x1024', '16:9'], ['1024x1792', '9:16'],
    ['1536x1024', '3:2'], ['1024x1536', '2:3'], ['2560x1080', '21:9'], ['1080x1350', '4:5'],
  ])('%s → aspect_ratio %s', (size, ratio) => {
    const { width, height } = parseOpenAISize(size)!
    expect(mapSizeToAspectRatio(width, height)).toBe(ratio)
  })

  test.each([
    ['stable-diffusion-xl-1024-v1-0', '1024x1024', [1024, 1024]],
    ['stable-diffusion-xl-1024-v1-0', '512x512', [1024, 1024]],
    ['stable-diffusion-xl-1024-v1-0', '1792x1024', [1344, 768]],
    ['stable-diffusion-xl-1024-v1-0', '1024x1792', [768, 1344]],
    ['stable-diffusion-xl-1024-v1-0', '1536x1024', [1216, 832]],
    ['stable-diffusion-xl-1024-v1-0', '1024x1536', [832, 1216]],
    ['stable-diffusion-v1-6', '1024x1024', [1024, 1024]],
    ['stable-diffusion-v1-6', '256x256', [320, 320]],
    ['stable-diffusion-v1-6', '1792x1024', [1536, 896]],
    ['stable-diffusion-v1-6', '1000x700', [1024, 704]],
  ])('snaps %s %s to %j', (engine, size, [width, height]) => {
    const requested = parseOpenAISize(size)!
    expect(snapV1Dimensions(engine, requested.width, requested.height)).toEqual({ width, height })
  })

  test('reads auto or no size as undefined and rejects anything that is not WxH', () => {
    expect(parseOpenAISize('auto')).toBeUndefined()
    expect(parseOpenAISize(undefined)).toBeUndefined()
    expect(() => parseOpenAISize('big')).toThrow(GatewayError)
    expect(() => parseOpenAISize('0x512')).toThrow(GatewayError)
  })
})

describe('mapStabilityImageRequest: v2beta', () => {
  test('sends a multipart form with prompt, aspect_ratio, output_format, seed and negative_prompt, asking for JSON', () => {
    const upstream = map({ model: 'stable-image-core', prompt: 'A kraken', size: '1792x1024', output_format: 'webp', seed: 42, negative_prompt: 'blurry', style_preset: 'anime' })
    expect(upstream).toMatchObject({ path: '/v2beta/stable-image/generate/core', method: 'POST', stream: false })
    expect(upstream.headers).toEqual({ accept: 'application/json' })
    expect(upstream.parallel).toBeUndefined()
    expect(formFields(upstream.body)).toEqual({ prompt: 'A kraken', aspect_ratio: '16:9', output_format: 'webp', seed: '42', negative_prompt: 'blurry', style_preset: 'anime' })
  })

  test('leaves aspect_ratio out for size auto, and drops OpenAI-only fields', () => {
    const upstream = map({ model: 'ultra', prompt: 'x', size: 'auto', quality: 'hd', style: 'vivid', background: 'transparent', moderation: 'low' })
    expect(upstream.path).toBe('/v2beta/stable-image/generate/ultra')
    expect(formFields(upstream.body)).toEqual({ prompt: 'x' })
  })

  test('sends sd3 models as the form model with cfg_scale, and refuses webp there', () => {
    expect(formFields(map({ model: 'sd3.5-large', prompt: 'x', cfg_scale: 5 }).body)).toEqual({ prompt: 'x', model: 'sd3.5-large', cfg_scale: '5' })
    expect(formFields(map({ model: 'sd3', prompt: 'x' }).body)).toEqual({ prompt: 'x' })
    rejects({ model: 'sd3.5-large', prompt: 'x', output_format: 'webp' }, 'output_format')
  })

  test('turns n > 1 into parallel identical requests', () => {
    expect(map({ model: 'core', prompt: 'x', n: 3 }).parallel).toBe(3)
    expect(map({ model: 'core', prompt: 'x', n: 1 }).parallel).toBeUndefined()
  })

  test('sends user as stability-client-user-id', () => {
    expect(map({ model: 'core', prompt: 'x', user: 'user-42' }).headers).toEqual({ accept: 'application/json', 'stability-client-user-id': 'user-42' })
  })
})

describe('mapStabilityImageRequest: v1 engines', () => {
  test('sends the seed cookbook request as JSON text_prompts with snapped size and samples', () => {
    const upstream = map({ model: 'stable-diffusion-v1-6', prompt: 'Kraken in the milkyway galaxy', n: 1, size: '1024x1024', response_format: 'b64_json' })
    expect(upstream).toMatchObject({ path: '/v1/generation/stable-diffusion-v1-6/text-to-image', method: 'POST', stream: false })
    expect(upstream.headers).toEqual({ accept: 'application/json', 'content-type': 'application/json' })
    expect(JSON.parse(upstream.body as string)).toEqual({ text_prompts: [{ text: 'Kraken in the milkyway galaxy', weight: 1 }], width: 1024, height: 1024, samples: 1 })
  })

  test('maps n to samples, a negative prompt to weight -1, and passes v1 knobs', () => {
    const upstream = map({
      model: 'stable-diffusion-xl-1024-v1-0', prompt: 'x', n: 4, size: '1792x1024', negative_prompt: 'dark', seed: 9, cfg_scale: 7, steps: 30, sampler: 'K_DPMPP_2M', style_preset: 'photographic', quality: 'hd',
    })
    expect(upstream.parallel).toBeUndefined()
    expect(JSON.parse(upstream.body as string)).toEqual({
      text_prompts: [{ text: 'x', weight: 1 }, { text: 'dark', weight: -1 }], width: 1344, height: 768, samples: 4, seed: 9, cfg_scale: 7, steps: 30, sampler: 'K_DPMPP_2M', style_preset: 'photographic',
    })
  })

  test('uses 1024x1024 when no size is given and refuses non-PNG output', () => {
    expect(JSON.parse(map({ model: 'stable-diffusion-xl-1024-v1-0', prompt: 'x' }).body as string)).toMatchObject({ width: 1024, height: 1024 })
    rejects({ model: 'stable-diffusion-v1-6', prompt: 'x', output_format: 'jpeg' }, 'output_format')
  })
})

describe('mapStabilityImageRequest: validation', () => {
  test('requires a prompt, an n from 1 to 10 and a known response_format', () => {
    rejects({ model: 'core' }, 'prompt')
    rejects({ model: 'core', prompt: 'x', n: 11 }, 'n')
    rejects({ model: 'core', prompt: 'x', n: 0 }, 'n')
    rejects({ model: 'core', prompt: 'x', response_format: 'png' }, 'response_format')
    rejects({ model: 'core', prompt: 'x', size: 'huge' }, 'size')
  })
})
