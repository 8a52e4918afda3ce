import * as v from 'valibot'
import { GatewayError } from '../../worker/http/errors'
import { StabilityErrorBody } from './stability-wire-schemas'

const MAX_MESSAGE_CHARS = 1_000

/**
 * Maps a Stability error (v2beta `{id, name, errors[]}`, v1 `{id, name, message}`, or text) onto a
 * GatewayError with Stability's own message. 403 `content_moderation` is a 400
 * `content_policy_violation` (as OpenAI reports a refused prompt); 401 → `invalid_api_key`;
 * 404 → `model_not_found`; 429 and 5xx are retryable, with `retry-after` passed through.
 * @see https://platform.stability.ai/docs/api-reference
 */
export function mapStabilityError(status: number, body: unknown, headers: Headers): GatewayError {
  const parsed = v.safeParse(StabilityErrorBody, body)
  const name = parsed.success ? (parsed.output.name ?? null) : null
  const message = `Stability AI: ${readMessage(parsed.success ? parsed.output : undefined, body, status)}`
  const options = { provider: 'stability-ai' }
  if (name === 'content_moderation') {
    return new GatewayError(400, message, { ...options, type: 'invalid_request_error', code: 'content_policy_violation', retryable: false })
  }
  switch (status) {
    case 400:
    case 413:
    case 422:
      return new GatewayError(status, message, { ...options, type: 'invalid_request_error', code: name, retryable: false })
    case 401:
      return new GatewayError(401, message, { ...options, type: 'invalid_request_error', code: 'invalid_api_key', retryable: false })
    case 402:
      return new GatewayError(402, message, { ...options, type: 'insufficient_quota', code: 'insufficient_quota', retryable: false })
    case 403:
      return new GatewayError(403, message, { ...options, type: 'permission_error', code: name, retryable: false })
    case 404:
      return new GatewayError(404, message, { ...options, type: 'not_found_error', code: 'model_not_found', retryable: false })
    case 429: {
      const retryAfter = headers.get('retry-after')
      return new GatewayError(429, message, {
        ...options, type: 'rate_limit_error', code: 'rate_limit_exceeded', retryable: true, headers: retryAfter ? { 'retry-after': retryAfter } : undefined,
      })
    }
    default:
      return new GatewayError(status >= 400 ? status : 502, message, options)
  }
}

function readMessage(parsed: v.InferOutput<typeof StabilityErrorBody> | undefined, body: unknown, status: number): string {
  const text = parsed?.errors?.length ? parsed.errors.join('; ') : parsed?.message ? parsed.message : typeof body === 'string' && body.trim() !== '' ? body : parsed?.name ?? `HTTP ${status}`
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text
}
