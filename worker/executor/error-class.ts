import type { GatewayError } from '../http/errors'

/** What kind of failure an attempt had; decides retry and fallback (see the README's policy table). */
export type ErrorClass =
  | 'context_length'
  | 'content_policy'
  | 'invalid_request'
  | 'auth'
  | 'not_found'
  | 'rate_limit'
  | 'timeout'
  | 'network'
  | 'server'
  | 'cancelled'

const TIMEOUT_CODES = new Set(['request_timeout', 'headers_timeout', 'first_token_timeout', 'idle_timeout', 'deadline_exceeded'])
const NETWORK_CODES = new Set(['upstream_unreachable', 'stream_interrupted', 'stream_truncated', 'empty_stream', 'empty_response'])

export function classifyError(error: GatewayError): ErrorClass {
  if (error.status === 499) return 'cancelled'
  const code = error.code ?? ''
  if (code === 'context_length_exceeded') return 'context_length'
  if (code === 'content_policy_violation' || code === 'content_filter') return 'content_policy'
  if (TIMEOUT_CODES.has(code)) return 'timeout'
  if (NETWORK_CODES.has(code)) return 'network'
  if (error.status === 401 || error.status === 403) return 'auth'
  if (error.status === 404) return 'not_found'
  if (error.status === 429) return 'rate_limit'
  if (error.status >= 500) return 'server'
  return 'invalid_request'
}

/** Failures that would come back unchanged from the same target: never retried there. */
export function repeatsOnSameTarget(errorClass: ErrorClass): boolean {
  return errorClass === 'context_length' || errorClass === 'content_policy' || errorClass === 'invalid_request' || errorClass === 'auth' || errorClass === 'not_found'
}

/** Failures that say the target itself is unwell: they count towards its circuit breaker. */
export function countsAgainstTarget(errorClass: ErrorClass): boolean {
  return errorClass === 'server' || errorClass === 'rate_limit' || errorClass === 'timeout' || errorClass === 'network'
}
