/** One attempt in a fallback chain, as reported to the caller when every target failed. */
export interface AttemptSummary {
  target: string
  provider: string
  status: number
  message: string
}

export interface GatewayErrorOptions {
  type?: string
  code?: string | null
  param?: string | null
  provider?: string
  /** Whether the same request may succeed if sent again to the same target. */
  retryable?: boolean
  /** Headers worth passing to the caller (retry-after on a 429). */
  headers?: Record<string, string>
  attempts?: AttemptSummary[]
}

/**
 * The one error type of the gateway; rendered in one place by `renderError`.
 * Messages must never contain credentials: callers build them from provider bodies that
 * the adapters have already truncated, never from request headers.
 */
export class GatewayError extends Error {
  readonly status: number
  readonly type: string
  readonly code: string | null
  readonly param: string | null
  readonly provider?: string
  readonly retryable: boolean
  readonly headers?: Record<string, string>
  attempts?: AttemptSummary[]

  constructor(status: number, message: string, options: GatewayErrorOptions = {}) {
    super(message)
    this.name = 'GatewayError'
    this.status = status
    this.type = options.type ?? defaultType(status)
    this.code = options.code ?? null
    this.param = options.param ?? null
    this.provider = options.provider
    this.retryable = options.retryable ?? (status === 408 || status === 429 || status >= 500)
    this.headers = options.headers
    this.attempts = options.attempts
  }
}

function defaultType(status: number): string {
  if (status === 401) return 'authentication_error'
  if (status === 403) return 'permission_error'
  if (status === 404) return 'not_found_error'
  if (status === 429) return 'rate_limit_error'
  if (status >= 500) return 'server_error'
  return 'invalid_request_error'
}

/** A 400 for a bad request body, header or config. */
export function badRequest(message: string, param: string | null = null, code: string | null = null): GatewayError {
  return new GatewayError(400, message, { type: 'invalid_request_error', param, code, retryable: false })
}

/** The OpenAI error envelope body for an error (plus `attempts` when a chain was exhausted). */
export function errorBody(error: GatewayError): Record<string, unknown> {
  const body: Record<string, unknown> = {
    message: error.message,
    type: error.type,
    param: error.param,
    code: error.code,
  }
  if (error.provider) body.provider = error.provider
  if (error.attempts?.length) body.attempts = error.attempts
  return { error: body }
}

/** Converts anything thrown into a GatewayError; unknown errors become a 500 without their text. */
export function toGatewayError(thrown: unknown): GatewayError {
  if (thrown instanceof GatewayError) return thrown
  return new GatewayError(500, 'The gateway failed unexpectedly. The failure has been logged.', {
    type: 'server_error',
    code: 'internal_error',
    retryable: false,
  })
}

/** Renders the one error envelope. Every error response of the gateway comes from here. */
export function renderError(thrown: unknown, extraHeaders?: Headers): Response {
  const error = toGatewayError(thrown)
  const headers = new Headers(extraHeaders)
  headers.set('content-type', 'application/json')
  if (error.headers) for (const [name, value] of Object.entries(error.headers)) headers.set(name, value)
  return new Response(JSON.stringify(errorBody(error)), { status: error.status, headers })
}
