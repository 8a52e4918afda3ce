/** What the response headers report about how a request was served (Portkey's header names). */
export interface ServedBy {
  traceId: string
  provider?: string
  /** The JSON path of the target that answered, e.g. `config.targets[1]`. */
  targetPath?: string
  retries?: number
}

/** Sets the x-portkey-* response headers. */
export function setTraceHeaders(headers: Headers, served: ServedBy): Headers {
  headers.set('x-portkey-trace-id', served.traceId)
  headers.set('x-portkey-cache-status', 'DISABLED')
  if (served.provider) headers.set('x-portkey-provider', served.provider)
  if (served.targetPath) headers.set('x-portkey-last-used-option-index', served.targetPath)
  if (served.retries !== undefined) headers.set('x-portkey-retry-attempt-count', String(served.retries))
  return headers
}

/** Names of the x-portkey-* response headers, for CORS `Access-Control-Expose-Headers`. */
export const TRACE_HEADER_NAMES = [
  'x-portkey-trace-id',
  'x-portkey-cache-status',
  'x-portkey-provider',
  'x-portkey-last-used-option-index',
  'x-portkey-retry-attempt-count',
]
