import * as v from 'valibot'
import { GatewayError } from '../../worker/http/errors'
import { CohereErrorBody } from './cohere-wire-schemas'

const MAX_MESSAGE_CHARS = 1_000

/**
 * Maps a Cohere error answer (`{id?, message}`) onto a GatewayError, keeping Cohere's message.
 * 498 (invalid token) reads as 401; 499 (request cancelled) and 5xx as retryable server errors;
 * 429 passes `retry-after` through; a 400 whose message starts "too many tokens" is
 * `context_length_exceeded`, one that starts "blocked" is `content_policy_violation` (gateway choice).
 * @see https://docs.cohere.com/v2/reference/errors
 */
export function mapCohereError(status: number, body: unknown, headers: Headers): GatewayError {
  const message = `Cohere: ${readMessage(body, status)}`
  switch (status) {
    case 400:
    case 422:
      return new GatewayError(400, message, { type: 'invalid_request_error', code: codeFor400(message), provider: 'cohere', retryable: false })
    case 401:
    case 498:
      return new GatewayError(401, message, { type: 'invalid_request_error', code: 'invalid_api_key', provider: 'cohere', retryable: false })
    case 402:
      return new GatewayError(402, message, { type: 'insufficient_quota', code: 'insufficient_quota', provider: 'cohere', retryable: false })
    case 403:
      return new GatewayError(403, message, { type: 'permission_error', provider: 'cohere', retryable: false })
    case 404:
      return new GatewayError(404, message, { type: 'not_found_error', code: 'model_not_found', provider: 'cohere', retryable: false })
    case 429: {
      const retryAfter = headers.get('retry-after')
      return new GatewayError(429, message, {
        type: 'rate_limit_error',
        code: 'rate_limit_exceeded',
        provider: 'cohere',
        retryable: true,
        headers: retryAfter ? { 'retry-after': retryAfter } : undefined,
      })
    }
    case 499:
      // Cohere reports the request as cancelled on its side; sending it again may succeed.
      return new GatewayError(502, message, { type: 'server_error', provider: 'cohere', retryable: true })
    default:
      return new GatewayError(status >= 400 ? status : 502, message, { provider: 'cohere' })
  }
}

function readMessage(body: unknown, status: number): string {
  const parsed = v.safeParse(CohereErrorBody, body)
  const text = parsed.success ? parsed.output.message : typeof body === 'string' && body.trim() !== '' ? body : `HTTP ${status}`
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text
}

function codeFor400(message: string): string | null {
  const text = message.slice('Cohere: '.length).toLowerCase()
  if (text.startsWith('too many tokens')) return 'context_length_exceeded'
  if (text.startsWith('blocked')) return 'content_policy_violation'
  return null
}
