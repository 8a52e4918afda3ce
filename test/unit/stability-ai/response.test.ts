import { describe, expect, test } from 'vitest'
import { GatewayError } from '../../../worker/http/errors'
import type { OpenAIBody } from '../../../providers/types'
import { images, makeContext } from './helpers'

const map = (json: unknown, body: OpenAIBody) => images.fromUpstream(json, makeContext(body)) as any
const v2 = (image: string, finish_reason = 'SUCCESS') => ({ image, finish_reason, seed: 7 })
const errorOf = (run: () => unknown) => { try { run() } catch (error) { return error as GatewayError } throw new Error('expected an error') }

describe('mapStabilityImageResponse', () => {
  test('returns b64_json when asked, with created from the request', () => {
    expect(map(v2('QUJD'), { model: 'core', prompt: 'x', response_format: 'b64_json' })).toEqual({ created: 1_730_000_000, data: [{ b64_json: 'QUJD' }] })
  })

  test('returns a data: URL for response_format url and by default, with the MIME type of output_format', () => {
    expect(map(v2('QUJD'), { model: 'core', prompt: 'x', response_format: 'url' }).data).toEqual([{ url: 'data:image/png;base64,QUJD' }])
    expect(map(v2('QUJD'), { model: 'core', prompt: 'x' }).data).toEqual([{ url: 'data:image/png;base64,QUJD' }])
    expect(map(v2('QUJD'), { model: 'core', prompt: 'x', output_format: 'jpeg' }).data).toEqual([{ url: 'data:image/jpeg;base64,QUJD' }])
    expect(map(v2('QUJD'), { model: 'core', prompt: 'x', output_format: 'webp' }).data).toEqual([{ url: 'data:image/webp;base64,QUJD' }])
  })

  test('returns one image per parallel v2beta answer', () => {
    const mapped = map([v2('AAAA'), v2('BBBB'), v2('CCCC')], { model: 'core', prompt: 'x', n: 3, response_format: 'b64_json' })
    expect(mapped.data).toEqual([{ b64_json: 'AAAA' }, { b64_json: 'BBBB' }, { b64_json: 'CCCC' }])
  })

  test('returns every v1 artifact', () => {
    const json = { artifacts: [{ base64: 'AAAA', seed: 1, finishReason: 'SUCCESS' }, { base64: 'BBBB', seed: 2, finishReason: 'SUCCESS' }] }
    expect(map(json, { model: 'stable-diffusion-v1-6', prompt: 'x', n: 2, response_format: 'b64_json' }).data).toEqual([{ b64_json: 'AAAA' }, { b64_json: 'BBBB' }])
  })

  test('refuses a CONTENT_FILTERED image with a 400 content_policy_violation, v2beta and v1', () => {
    for (const json of [v2('AAAA', 'CONTENT_FILTERED'), [v2('AAAA'), v2('BBBB', 'CONTENT_FILTERED')], { artifacts: [{ base64: 'AAAA', finishReason: 'CONTENT_FILTERED' }] }]) {
      expect(errorOf(() => map(json, { model: 'core', prompt: 'x' }))).toMatchObject({ status: 400, code: 'content_policy_violation', retryable: false })
    }
  })

  test('raises a v1 finishReason ERROR as a retryable 500 and an unreadable body as a 502', () => {
    expect(errorOf(() => map({ artifacts: [{ base64: '', finishReason: 'ERROR' }] }, { prompt: 'x' }))).toMatchObject({ status: 500, retryable: true })
    expect(errorOf(() => map({ nope: true }, { prompt: 'x' }))).toMatchObject({ status: 502, code: 'invalid_upstream_response' })
    expect(errorOf(() => map([v2('AAAA'), { image: 3 }], { prompt: 'x' }))).toMatchObject({ status: 502 })
  })
})
