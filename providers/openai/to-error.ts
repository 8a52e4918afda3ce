import { GatewayError } from '../../worker/http/errors'
import { fieldsOf, readErrorFields, truncateMessage, type ErrorFields } from './error-fields'

/**
 * Statuses worth sending again to the same target: the OpenAI SDK's own rule (408, 409, 429, ≥500).
 * @see https://github.com/openai/openai-node/blob/master/src/client.ts (shouldRetry)
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500
}

/** The Retry-After headers of a 429 or 503, kept so the executor and the caller can honour them. */
export function retryHeaders(status: number, headers: Headers): Record<string, string> | undefined {
  if (status !== 429 && status !== 503) return undefined
  const kept: Record<string, string> = {}
  for (const name of ['retry-after', 'retry-after-ms']) {
    const value = headers.get(name)
    if (value !== null) kept[name] = value
  }
  return Object.keys(kept).length > 0 ? kept : undefined
}

/**
 * Maps a non-2xx OpenAI-format answer onto a GatewayError, keeping the provider's message, type,
 * code and param. A 429 for exhausted quota (`insufficient_quota`) is not retryable.
 * @see https://platform.openai.com/docs/guides/error-codes
 */
export function mapOpenAIError(status: number, body: unknown, headers: Headers, provider = 'openai'): GatewayError {
  return errorFromFields(status, readErrorFields(body), provider, retryHeaders(status, headers))
}

/**
 * Maps an error reported inside a 2xx answer (a stream `data:` payload or a JSON body with a
 * top-level `error`), taking the status from the body when it carries one.
 * @see https://openrouter.ai/docs/api-reference/errors (errors during streaming)
 */
export function mapInBandError(error: unknown, provider = 'openai'): GatewayError {
  const fields = typeof error === 'string' ? { message: error } : fieldsOf(error)
  return errorFromFields(inBandStatus(fields), fields, provider, undefined)
}

function errorFromFields(status: number, fields: ErrorFields, provider: string, headers: Record<string, string> | undefined): GatewayError {
  const message = fields.message ? truncateMessage(fields.message) : `${provider} answered with HTTP ${status}`
  // A numeric code repeats the HTTP status (OpenRouter, Perplexity); OpenAI clients expect a name.
  const code = typeof fields.code === 'string' ? fields.code : inferredCode(status, message)
  return new GatewayError(status, message, {
    type: fields.type,
    code,
    param: fields.param ?? null,
    provider,
    retryable: isRetryableStatus(status) && code !== 'insufficient_quota',
    headers,
  })
}

// Compatible servers (Mistral, OpenRouter, vLLM) word a context overflow like OpenAI but send no code;
// callers test `code === 'context_length_exceeded'` to shorten their prompt.
const CONTEXT_OVERFLOW = /maximum context length|context length exceeded|context window/i

function inferredCode(status: number, message: string): string | null {
  return (status === 400 || status === 413 || status === 422) && CONTEXT_OVERFLOW.test(message) ? 'context_length_exceeded' : null
}

function inBandStatus(fields: ErrorFields): number {
  if (fields.status !== undefined && fields.status >= 400 && fields.status <= 599) return fields.status
  const numeric = typeof fields.code === 'string' ? Number(fields.code) : NaN
  if (numeric >= 400 && numeric <= 599) return numeric
  const byCode = typeof fields.code === 'string' ? statusForErrorName(fields.code) : undefined
  return byCode ?? statusForErrorName(fields.type) ?? 500
}

/**
 * The HTTP status an in-band error stands for, from its OpenAI `code` or `type`; undefined for a
 * name it does not know (the caller then assumes 500: an error after a 200 is the provider's).
 */
export function statusForErrorName(name: string | undefined): number | undefined {
  switch (name) {
    case 'rate_limit_exceeded':
    case 'rate_limit_error':
    case 'insufficient_quota':
    case 'tokens':
    case 'requests':
      return 429
    case 'invalid_request_error':
    case 'invalid_value':
    case 'context_length_exceeded':
    case 'content_policy_violation':
    case 'content_filter':
      return 400
    case 'invalid_api_key':
    case 'authentication_error':
      return 401
    case 'permission_error':
      return 403
    case 'model_not_found':
    case 'not_found_error':
      return 404
    case 'overloaded_error':
    case 'overloaded':
      return 503
    default:
      return undefined
  }
}
