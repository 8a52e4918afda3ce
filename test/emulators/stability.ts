/**
 * A wire-true Stability AI emulator (v2beta stable-image generate, v1 text-to-image) on the shared
 * emulator core. Facts from the Stability REST reference as summarised in the project's
 * provider-wire-formats.md §4 and §7.5: v2beta takes only multipart/form-data, branches on `Accept`
 * (`image/*` → raw bytes with `finish-reason` and `seed` headers; `application/json` →
 * `{image, finish_reason, seed}`) and fails with `{id, name, errors[]}`; v1 takes JSON, answers
 * `{artifacts: [{base64, seed, finishReason}]}` and fails with `{id, name, message}`.
 * A prompt containing "#filter" finishes CONTENT_FILTERED (still a 200, as Stability does).
 * Every image is the same tiny valid PNG, whatever `output_format` names (the content type follows it).
 */
import { startEmulator, type Emulator, type EmulatorAnswer, type Fault, type RecordedRequest } from './core'
import type { ErrorKind } from './scenarios'

/** A valid 1×1 PNG. */
export const TINY_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
export const EMULATOR_SEED = 1_050_625_087
const TINY_PNG = Buffer.from(TINY_PNG_BASE64, 'base64')
const ASPECT_RATIOS = ['16:9', '1:1', '21:9', '2:3', '3:2', '4:5', '5:4', '9:16', '9:21']
const SD3_MODELS = ['sd3.5-large', 'sd3.5-large-turbo', 'sd3.5-medium', 'sd3.5-flash', 'sd3-large', 'sd3-large-turbo', 'sd3-medium']
const SDXL = ['1024x1024', '1152x896', '1216x832', '1344x768', '1536x640', '640x1536', '768x1344', '832x1216', '896x1152']
const V1_ENGINES = ['stable-diffusion-v1-6', 'stable-diffusion-xl-1024-v1-0', 'stable-diffusion-xl-1024-v0-9']
const MIME: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' }
let counter = 0
const newId = () => `5ab1e${(++counter).toString(16).padStart(27, '0')}`

/** The key the emulator accepts unless another is given. */
export const STABILITY_EMULATOR_KEY = 'sk-stability-emulator-key'

/** Starts the emulator; requests must carry `Authorization: Bearer <apiKey>`. */
export async function startStabilityEmulator(options: { apiKey?: string } = {}): Promise<Emulator> {
  const apiKey = options.apiKey ?? STABILITY_EMULATOR_KEY
  return startEmulator((request) => handle(request, apiKey))
}

async function handle(request: RecordedRequest, apiKey: string): Promise<EmulatorAnswer> {
  const path = request.url.split('?')[0]
  const v2 = /^\/v2beta\/stable-image\/generate\/(core|ultra|sd3)$/.exec(path)
  const v1 = /^\/v1\/generation\/([^/]+)\/text-to-image$/.exec(path)
  const auth = request.headers.authorization
  const authorized = auth === `Bearer ${apiKey}`
  if (v2) {
    if (!authorized) return v2Error(401, 'unauthorized', auth ? 'authorization: invalid API key' : 'authorization: missing header')
    return generateV2(request, v2[1])
  }
  if (v1) {
    if (!authorized) return v1Error(401, 'unauthorized', auth ? 'Incorrect API key provided' : 'missing authorization header')
    return generateV1(request, v1[1])
  }
  return v2Error(404, 'not_found', `${request.method} ${path}: no such endpoint`)
}

async function generateV2(request: RecordedRequest, endpoint: string): Promise<EmulatorAnswer> {
  const type = request.headers['content-type'] ?? ''
  if (!type.startsWith('multipart/form-data')) return v2Error(400, 'bad_request', 'content-type: must be multipart/form-data')
  // Real multipart parsing: the Web Request reads the body with the boundary from its header.
  const form = await new Request('http://emulator.local/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(request.raw) }).formData()
  const field = (name: string) => (typeof form.get(name) === 'string' ? (form.get(name) as string) : undefined)
  const prompt = field('prompt')
  if (!prompt) return v2Error(400, 'bad_request', 'prompt: is required')
  if (prompt.length > 10_000) return v2Error(400, 'bad_request', 'prompt: must be at most 10000 characters')
  const aspect = field('aspect_ratio')
  if (aspect !== undefined && !ASPECT_RATIOS.includes(aspect)) return v2Error(400, 'bad_request', `aspect_ratio: must be one of ${ASPECT_RATIOS.join(', ')}`)
  const format = field('output_format') ?? 'png'
  const formats = endpoint === 'sd3' ? ['png', 'jpeg'] : ['png', 'jpeg', 'webp']
  if (!formats.includes(format)) return v2Error(400, 'bad_request', `output_format: must be one of ${formats.join(', ')}`)
  const model = field('model')
  if (endpoint === 'sd3' && model !== undefined && !SD3_MODELS.includes(model)) return v2Error(400, 'bad_request', `model: must be one of ${SD3_MODELS.join(', ')}`)
  const seedText = field('seed')
  const seed = seedText !== undefined && Number(seedText) > 0 ? Number(seedText) : EMULATOR_SEED
  const finishReason = prompt.includes('#filter') ? 'CONTENT_FILTERED' : 'SUCCESS'
  const accept = request.headers.accept ?? 'image/*'
  if (accept.includes('application/json')) {
    return { headers: { 'content-type': `application/json; type=${MIME[format]}` }, json: { image: TINY_PNG_BASE64, finish_reason: finishReason, seed } }
  }
  return { headers: { 'content-type': MIME[format], 'finish-reason': finishReason, seed: String(seed), 'x-request-id': newId() }, bytes: TINY_PNG }
}

function generateV1(request: RecordedRequest, engine: string): EmulatorAnswer {
  if (!V1_ENGINES.includes(engine)) return v1Error(404, 'not_found', `engine ${engine} not found`)
  const body = request.json
  if (!body || typeof body !== 'object') return v1Error(400, 'bad_request', 'body: must be JSON')
  const prompts = body.text_prompts
  if (!Array.isArray(prompts) || prompts.length === 0 || prompts.some((prompt: any) => typeof prompt?.text !== 'string')) {
    return v1Error(400, 'invalid_prompts', 'text_prompts: at least one prompt with text is required')
  }
  const width = body.width ?? 512
  const height = body.height ?? 512
  if (width % 64 !== 0 || height % 64 !== 0) return v1Error(400, 'invalid_height_or_width', 'height and width must be specified in increments of 64')
  if (engine.includes('xl-1024') && !SDXL.includes(`${width}x${height}`)) {
    return v1Error(400, 'invalid_sdxl_v1_dimensions', `for SDXL engines, dimensions must be one of ${SDXL.join(', ')}`)
  }
  if (!engine.includes('xl-1024') && (Math.min(width, height) < 320 || Math.max(width, height) > 1536)) {
    return v1Error(400, 'invalid_height_or_width', 'for SD 1.6, dimensions must be between 320x320 and 1536x1536')
  }
  const samples = body.samples ?? 1
  if (!Number.isInteger(samples) || samples < 1 || samples > 10) return v1Error(400, 'invalid_samples', 'samples: must be between 1 and 10')
  const accept = request.headers.accept ?? 'application/json'
  if (samples > 1 && !accept.includes('application/json')) {
    return v1Error(400, 'invalid_samples', 'samples > 1 is only supported with Accept: application/json')
  }
  const filtered = prompts.some((prompt: any) => prompt.text.includes('#filter') && (prompt.weight ?? 1) > 0)
  const finishReason = filtered ? 'CONTENT_FILTERED' : 'SUCCESS'
  const seed = typeof body.seed === 'number' && body.seed > 0 ? body.seed : EMULATOR_SEED
  if (accept.includes('image/png')) {
    return { headers: { 'content-type': 'image/png', 'Finish-Reason': finishReason, Seed: String(seed) }, bytes: TINY_PNG }
  }
  return { json: { artifacts: Array.from({ length: samples }, (_, index) => ({ base64: TINY_PNG_BASE64, seed: seed + index, finishReason })) } }
}

function v2Error(status: number, name: string, ...errors: string[]): EmulatorAnswer {
  return { status, json: { id: newId(), name, errors } }
}

function v1Error(status: number, name: string, message: string): EmulatorAnswer {
  return { status, json: { id: newId(), name, message } }
}

/** A fault answering with one error class in Stability's v2beta format (or v1's, when asked). */
export function errorFault(kind: ErrorKind, api: 'v2' | 'v1' = 'v2'): Fault {
  const [status, name, message, headers] = ERRORS[kind]
  const body = api === 'v2' ? { id: newId(), name, errors: [message] } : { id: newId(), name, message }
  return { status, body, headers }
}

const ERRORS: Record<ErrorKind, [number, string, string, Record<string, string>?]> = {
  bad_request: [400, 'bad_request', 'seed: must be a number between 0 and 4294967294'],
  auth: [401, 'unauthorized', 'authorization: invalid API key'],
  permission: [403, 'permission_denied', 'You do not have permission to access this resource'],
  not_found: [404, 'not_found', 'model not found'],
  rate_limit: [429, 'rate_limit_exceeded', 'You have exceeded the rate limit of 150 requests within a 10 second period', { 'retry-after': '0' }],
  server: [500, 'internal_error', 'An unexpected server error has occurred, please try again later.'],
  overloaded: [503, 'service_unavailable', 'The service is temporarily overloaded, please try again later.'],
  context_length: [413, 'payload_too_large', 'Your request was larger than 10MiB.'],
  content_filter: [403, 'content_moderation', 'Your request was flagged by our content moderation system, as a result your request was denied and you were not charged.'],
}
