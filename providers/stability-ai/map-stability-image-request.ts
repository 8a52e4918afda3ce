import { badRequest } from '../../worker/http/errors'
import type { OpenAIBody, UpstreamRequest } from '../types'
import { mapSizeToAspectRatio, parseOpenAISize } from './map-size'
import { selectStabilityRoute, type StabilityRoute } from './select-stability-route'
import { snapV1Dimensions } from './snap-v1-dimensions'

const MAX_IMAGES = 10
/** OpenAI's default size; also what SDXL engines need when no size is given. */
const DEFAULT_SIZE = { width: 1024, height: 1024 }

/**
 * Maps OpenAI `images.generate` onto Stability. The model picks the API (selectStabilityRoute).
 * v2beta: multipart form `prompt`, `aspect_ratio` (nearest to `size`), `output_format`, `seed`,
 * `negative_prompt`, `style_preset`, and for sd3 `model` and `cfg_scale`; one image per request, so
 * `n` > 1 becomes `parallel: n` identical requests. v1: JSON `text_prompts` (a `negative_prompt`
 * becomes a weight −1 prompt), `width`/`height` snapped (snapV1Dimensions), `samples = n`, `seed`,
 * `style_preset`, `cfg_scale`, `steps`, `sampler`. Always `Accept: application/json` (base64 in
 * JSON). `user` → `stability-client-user-id`. Dropped: `quality`, `style`, `background`,
 * `moderation`, `output_compression`, `partial_images`.
 * @see https://platform.stability.ai/docs/api-reference
 */
export function mapStabilityImageRequest(body: OpenAIBody): UpstreamRequest {
  if (typeof body.prompt !== 'string' || body.prompt === '') throw badRequest('prompt is required.', 'prompt')
  const n = body.n ?? 1
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_IMAGES) throw badRequest(`n must be an integer from 1 to ${MAX_IMAGES}.`, 'n')
  if (body.response_format !== undefined && body.response_format !== 'url' && body.response_format !== 'b64_json') {
    throw badRequest('response_format must be "url" or "b64_json".', 'response_format')
  }
  const route = selectStabilityRoute(body.model)
  checkOutputFormat(body.output_format, route)
  const headers: Record<string, string> = { accept: 'application/json' }
  if (typeof body.user === 'string' && body.user !== '') headers['stability-client-user-id'] = body.user.slice(0, 256)
  return route.api === 'v2' ? v2Request(body, route, n, headers) : v1Request(body, route.engine, n, headers)
}

function v2Request(body: OpenAIBody, route: Extract<StabilityRoute, { api: 'v2' }>, n: number, headers: Record<string, string>): UpstreamRequest {
  const form = new FormData()
  form.append('prompt', body.prompt as string)
  const size = parseOpenAISize(body.size)
  if (size) form.append('aspect_ratio', mapSizeToAspectRatio(size.width, size.height))
  if (typeof body.output_format === 'string') form.append('output_format', body.output_format)
  if (typeof body.seed === 'number') form.append('seed', String(body.seed))
  if (typeof body.negative_prompt === 'string') form.append('negative_prompt', body.negative_prompt)
  if (typeof body.style_preset === 'string') form.append('style_preset', body.style_preset)
  if (route.formModel) form.append('model', route.formModel)
  if (route.endpoint === 'sd3' && typeof body.cfg_scale === 'number') form.append('cfg_scale', String(body.cfg_scale))
  const request: UpstreamRequest = { path: `/v2beta/stable-image/generate/${route.endpoint}`, method: 'POST', headers, body: form, stream: false }
  if (n > 1) request.parallel = n
  return request
}

function v1Request(body: OpenAIBody, engine: string, n: number, headers: Record<string, string>): UpstreamRequest {
  const prompts: Array<{ text: string; weight: number }> = [{ text: body.prompt as string, weight: 1 }]
  if (typeof body.negative_prompt === 'string' && body.negative_prompt !== '') prompts.push({ text: body.negative_prompt, weight: -1 })
  const requested = parseOpenAISize(body.size) ?? DEFAULT_SIZE
  const { width, height } = snapV1Dimensions(engine, requested.width, requested.height)
  const json: Record<string, unknown> = { text_prompts: prompts, width, height, samples: n }
  for (const field of ['seed', 'cfg_scale', 'steps'] as const) if (typeof body[field] === 'number') json[field] = body[field]
  for (const field of ['style_preset', 'sampler', 'clip_guidance_preset'] as const) if (typeof body[field] === 'string') json[field] = body[field]
  return { path: `/v1/generation/${engine}/text-to-image`, method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(json), stream: false }
}

/** v2beta takes png/jpeg/webp (sd3 png/jpeg); v1 engines return PNG only. */
function checkOutputFormat(format: unknown, route: StabilityRoute): void {
  if (format === undefined || format === null) return
  const allowed = route.api === 'v1' ? ['png'] : route.endpoint === 'sd3' ? ['png', 'jpeg'] : ['png', 'jpeg', 'webp']
  if (typeof format !== 'string' || !allowed.includes(format)) {
    throw badRequest(`output_format must be one of ${allowed.join(', ')} for this Stability model.`, 'output_format')
  }
}
