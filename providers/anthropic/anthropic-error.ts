import * as v from 'valibot'
import { GatewayError } from '../../worker/http/errors'
import { AnthropicErrorBodySchema } from './wire-schemas'

const PROVIDER = 'anthropic'
const MAX_MESSAGE_LENGTH = 500
const PASSED_HEADERS = ['retry-after', 'retry-after-ms']

/**
 * Maps an Anthropic error answer (or an `event: error` payload, with its status from
 * `statusOfAnthropicErrorType`) onto a GatewayError, keeping Anthropic's message.
 * @see https://docs.anthropic.com/en/api/errors
 */
export function anthropicError(status: number, body: unknown, headers: Headers): GatewayError {
  const { type, message, errorCode } = readError(status, body)
  const passed = passedHeaders(headers)
  const options = { provider: PROVIDER, headers: passed }
  switch (status) {
    case 400:
      return new GatewayError(400, message, { ...options, type: 'invalid_request_error', code: badRequestCode(message), retryable: false })
    case 401:
      return new GatewayError(401, message, { ...options, type: 'invalid_request_error', code: 'invalid_api_key', retryable: false })
    case 402:
      return new GatewayError(402, message, { ...options, type: 'invalid_request_error', code: 'billing_error', retryable: false })
    case 403:
      return new GatewayError(403, message, { ...options, type: 'permission_error', retryable: false })
    case 404:
      return new GatewayError(404, message, { ...options, type: 'not_found_error', code: /model/i.test(message) ? 'model_not_found' : null, retryable: false })
    case 413:
      return new GatewayError(413, message, { ...options, type: 'invalid_request_error', code: 'request_too_large', retryable: false })
    case 429: {
      // A spend limit is a 429 that waiting will not fix.
      const spendLimit = errorCode === 'enforced_spend_limit_reached'
      return new GatewayError(429, message, { ...options, type: 'rate_limit_error', code: spendLimit ? 'insufficient_quota' : 'rate_limit_exceeded', retryable: !spendLimit })
    }
    // 529 is Anthropic-only; OpenAI clients retry 503, the same meaning.
    case 529:
      return new GatewayError(503, message, { ...options, type: 'server_error', code: 'overloaded', retryable: true })
    default:
      // Other statuses keep their number; the default type and retryability follow the status class.
      return new GatewayError(status, message, { ...options, code: type ?? null })
  }
}

/**
 * The HTTP status Anthropic uses for an error type; for errors reported inside a 200 stream.
 * @see https://docs.anthropic.com/en/api/errors#http-errors
 */
export function statusOfAnthropicErrorType(type: string | null | undefined): number {
  switch (type) {
    case 'invalid_request_error':
      return 400
    case 'authentication_error':
      return 401
    case 'billing_error':
      return 402
    case 'permission_error':
      return 403
    case 'not_found_error':
      return 404
    case 'request_too_large':
      return 413
    case 'rate_limit_error':
      return 429
    case 'api_error':
      return 500
    case 'timeout_error':
      return 504
    case 'overloaded_error':
      return 529
    default:
      // An unknown type inside a stream is an upstream failure; 500 keeps it retryable.
      return 500
  }
}

function badRequestCode(message: string): string | null {
  if (/prompt is too long|exceed context limit|context window/i.test(message)) return 'context_length_exceeded'
  if (/content filtering policy/i.test(message)) return 'content_filter'
  return null
}

function readError(status: number, body: unknown): { type?: string | null; message: string; errorCode?: string | null } {
  const parsed = v.safeParse(AnthropicErrorBodySchema, body)
  if (parsed.success) {
    const error = parsed.output.error
    return { type: error.type, message: truncate(error.message || error.type || `Anthropic answered ${status}.`), errorCode: error.details?.error_code }
  }
  // Not Anthropic's JSON (a proxy's HTML page, a plain-text 413): keep a short excerpt.
  if (typeof body === 'string' && body.trim() !== '') return { message: truncate(`Anthropic answered ${status}: ${body.trim()}`) }
  return { message: `Anthropic answered ${status}.` }
}

function truncate(text: string): string {
  return text.length <= MAX_MESSAGE_LENGTH ? text : `${text.slice(0, MAX_MESSAGE_LENGTH)}…`
}

function passedHeaders(headers: Headers): Record<string, string> | undefined {
  let passed: Record<string, string> | undefined
  for (const name of PASSED_HEADERS) {
    const value = headers.get(name)
    if (value !== null) (passed ??= {})[name] = value
  }
  return passed
}
