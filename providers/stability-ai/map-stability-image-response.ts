import * as v from 'valibot'
import { GatewayError } from '../../worker/http/errors'
import type { ResponseContext } from '../types'
import { StabilityV1Answer, StabilityV2Image } from './stability-wire-schemas'

const MIME: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' }

/**
 * Maps Stability answers onto an OpenAI `ImagesResponse`: one v2beta JSON body (or an array of
 * them, from `parallel`) or one v1 `artifacts` body. Stability returns bytes only, never a URL, so
 * `response_format: "url"` (OpenAI's default) gets a `data:<mime>;base64,…` URL, which browsers and
 * `<img>` take as it is (gateway choice). A CONTENT_FILTERED image (Stability blurs it) is refused
 * with a 400 `content_policy_violation`; a v1 `finishReason: ERROR` is a retryable 500.
 * @see https://platform.stability.ai/docs/api-reference
 */
export function mapStabilityImageResponse(json: unknown, context: ResponseContext): Record<string, unknown> {
  const images = readImages(json)
  if (images.some((image) => image.finishReason === 'CONTENT_FILTERED')) {
    throw new GatewayError(400, 'Stability AI: the generated image was flagged by its content filter.', {
      type: 'invalid_request_error',
      code: 'content_policy_violation',
      provider: 'stability-ai',
      retryable: false,
    })
  }
  if (images.some((image) => image.finishReason === 'ERROR')) {
    throw new GatewayError(500, 'Stability AI: the generation failed (finishReason ERROR).', { type: 'server_error', provider: 'stability-ai', retryable: true })
  }
  const asUrl = context.body.response_format !== 'b64_json'
  const mime = MIME[String(context.body.output_format ?? 'png')] ?? 'image/png'
  return {
    created: context.created,
    data: images.map((image) => (asUrl ? { url: `data:${mime};base64,${image.base64}` } : { b64_json: image.base64 })),
  }
}

function readImages(json: unknown): Array<{ base64: string; finishReason?: string | null }> {
  const v1 = v.safeParse(StabilityV1Answer, json)
  if (v1.success) return v1.output.artifacts
  const bodies = Array.isArray(json) ? json : [json]
  return bodies.map((body) => {
    const parsed = v.safeParse(StabilityV2Image, body)
    if (!parsed.success) {
      throw new GatewayError(502, 'Stability AI answered with a body the gateway cannot read.', { code: 'invalid_upstream_response', provider: 'stability-ai' })
    }
    return { base64: parsed.output.image, finishReason: parsed.output.finish_reason }
  })
}
