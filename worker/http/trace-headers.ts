import type { AttemptRecord } from '../executor/trace'

/** What the response headers report about how a request was served (Portkey's header names). */
export interface ServedBy {
  traceId: string
  provider?: string
  /** The JSON path of the target that answered, e.g. `config.targets[1]`. */
  targetPath?: string
  retries?: number
  /** Every attempt before the response, for `x-understudy-attempts`. */
  attempts?: readonly AttemptRecord[]
}

/** Sets the x-portkey-* response headers, and `x-understudy-attempts` listing every attempt. */
export function setTraceHeaders(headers: Headers, served: ServedBy): Headers {
  headers.set('x-portkey-trace-id', served.traceId)
  headers.set('x-portkey-cache-status', 'DISABLED')
  if (served.provider) headers.set('x-portkey-provider', served.provider)
  if (served.targetPath) headers.set('x-portkey-last-used-option-index', served.targetPath)
  if (served.retries !== undefined) headers.set('x-portkey-retry-attempt-count', String(served.retries))
  if (served.attempts?.length) headers.set('x-understudy-attempts', describeAttempts(served.attempts))
  return headers
}

/** `config.targets[0] openai 503 error 12ms, config.targets[1] anthropic 200 success 80ms` */
function describeAttempts(attempts: readonly AttemptRecord[]): string {
  return attempts.map((attempt) => `${attempt.target} ${attempt.provider} ${attempt.status} ${attempt.outcome} ${attempt.latencyMs}ms`).join(', ')
}

/** Names of the response headers a browser may read, for CORS `Access-Control-Expose-Headers`. */
export const TRACE_HEADER_NAMES = [
  'x-portkey-trace-id',
  'x-portkey-cache-status',
  'x-portkey-provider',
  'x-portkey-last-used-option-index',
  'x-portkey-retry-attempt-count',
  'x-understudy-attempts',
]
