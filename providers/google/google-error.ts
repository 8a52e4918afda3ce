import * as v from 'valibot'
import { GatewayError } from '../../worker/http/errors'
import { googleErrorBodySchema } from './wire-schemas'

const MAX_MESSAGE = 1000

/**
 * Maps a Google API error (`{error: {code, message, status, details}}`, also inside a one-element
 * array) onto a GatewayError, keeping Google's message. A key rejected with reason
 * API_KEY_INVALID or API_KEY_EXPIRED (a 400 on the Gemini API) becomes a 401 `invalid_api_key`; 429
 * RESOURCE_EXHAUSTED keeps its `RetryInfo.retryDelay` as `retry-after`; 5xx stay retryable.
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 */
export function googleError(status: number, body: unknown, headers: Headers, provider = 'google'): GatewayError {
  const parsed = v.safeParse(googleErrorBodySchema, Array.isArray(body) ? body[0] : body)
  const error = parsed.success ? parsed.output.error : undefined
  const message = truncate(error?.message || (typeof body === 'string' && body.trim() !== '' ? body : `Google answered HTTP ${status}.`))
  const reasons = (error?.details ?? []).map((detail) => detail.reason).filter(Boolean)
  const options = { provider, type: undefined as string | undefined, code: undefined as string | undefined }

  if (reasons.includes('API_KEY_INVALID') || reasons.includes('API_KEY_EXPIRED') || status === 401 || error?.status === 'UNAUTHENTICATED') {
    return new GatewayError(401, message, { ...options, type: 'invalid_request_error', code: 'invalid_api_key', retryable: false })
  }
  switch (status) {
    case 400:
      return new GatewayError(400, message, { ...options, type: 'invalid_request_error', code: badRequestCode(message, error?.status), retryable: false })
    case 403:
      return new GatewayError(403, message, { ...options, code: 'permission_denied', retryable: false })
    case 404:
      return new GatewayError(404, message, { ...options, code: /\bmodels?\b/i.test(message) ? 'model_not_found' : 'not_found', retryable: false })
    case 429: {
      const delay = retryDelaySeconds(error?.details) ?? headerSeconds(headers)
      const retryHeaders = delay === undefined ? undefined : { 'retry-after': String(Math.ceil(delay)), 'retry-after-ms': String(Math.round(delay * 1000)) }
      return new GatewayError(429, message, { ...options, code: 'rate_limit_exceeded', retryable: true, headers: retryHeaders })
    }
    default:
      if (status >= 500) return new GatewayError(status, message, { ...options, type: 'server_error', code: error?.status?.toLowerCase() ?? null, retryable: true })
      return new GatewayError(status, message, { ...options, code: error?.status?.toLowerCase() ?? null })
  }
}

function badRequestCode(message: string, googleStatus: string | null | undefined): string {
  // "The input token count (N) exceeds the maximum number of tokens allowed (M)."
  if (/token count.*exceeds|exceeds the maximum number of tokens|context (window|length)/i.test(message)) return 'context_length_exceeded'
  return googleStatus?.toLowerCase() ?? 'invalid_argument'
}

/** Seconds from `google.rpc.RetryInfo.retryDelay`, a proto Duration such as "32s" or "1.5s". */
function retryDelaySeconds(details: Array<{ '@type'?: string | null; retryDelay?: string | null }> | null | undefined): number | undefined {
  const delay = details?.find((detail) => detail['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay
  const match = delay ? /^(\d+(?:\.\d+)?)s$/.exec(delay) : null
  return match ? Number(match[1]) : undefined
}

function headerSeconds(headers: Headers): number | undefined {
  const value = headers.get('retry-after')
  if (value === null || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined
  return Number(value)
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text
}
