import * as v from 'valibot'
import { GatewayError } from '../../worker/http/errors'
import { ErrorBodySchema } from './wire-schemas'

const MAX_MESSAGE_LENGTH = 500
const CONTEXT_LENGTH = /input is too long|too many (input )?tokens|prompt is too long|context (length|window)|maximum context/i
const CONTENT_FILTER = /content filter|blocked by|content policy/i
const UNKNOWN_MODEL = /model identifier is invalid|could not resolve the foundation model/i

/**
 * Maps a Bedrock error (type from `x-amzn-errortype` or an exception frame) onto a GatewayError.
 * AWS sends 403 for bad credentials and signatures; the gateway answers 401 invalid_api_key.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html
 */
export function mapBedrockError(errorType: string, status: number, rawMessage: string): GatewayError {
  const type = normaliseErrorType(errorType)
  const message = cleanMessage(rawMessage) || `Bedrock answered ${status}${type ? ` (${type})` : ''}.`
  const options = { provider: 'bedrock' }
  switch (type) {
    case 'ValidationException':
      if (CONTEXT_LENGTH.test(message)) return new GatewayError(400, message, { ...options, type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' })
      if (UNKNOWN_MODEL.test(message)) return new GatewayError(404, message, { ...options, type: 'invalid_request_error', code: 'model_not_found', param: 'model' })
      if (CONTENT_FILTER.test(message)) return new GatewayError(400, message, { ...options, type: 'invalid_request_error', code: 'content_policy_violation' })
      return new GatewayError(400, message, { ...options, type: 'invalid_request_error' })
    case 'AccessDeniedException':
      return new GatewayError(403, message, { ...options, code: 'permission_denied' })
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'IncompleteSignatureException':
    case 'MissingAuthenticationTokenException':
    case 'ExpiredTokenException':
    case 'InvalidClientTokenId':
      return new GatewayError(401, message, { ...options, type: 'invalid_request_error', code: 'invalid_api_key' })
    case 'ResourceNotFoundException':
      return new GatewayError(404, message, { ...options, code: 'model_not_found', param: 'model' })
    case 'ThrottlingException':
      return new GatewayError(429, message, { ...options, code: 'rate_limit_exceeded', retryable: true })
    // A quota, not a rate: retrying the same account does not help.
    case 'ServiceQuotaExceededException':
      return new GatewayError(429, message, { ...options, code: 'insufficient_quota', retryable: false })
    // AWS sends 429 for it, but the model is warming up rather than the caller going too fast.
    case 'ModelNotReadyException':
      return new GatewayError(503, message, { ...options, code: 'model_not_ready', retryable: true })
    case 'ModelTimeoutException':
      return new GatewayError(504, message, { ...options, code: 'timeout', retryable: true })
    // AWS sends 424 for both: the model behind Bedrock failed.
    case 'ModelErrorException':
    case 'ModelStreamErrorException':
      return new GatewayError(502, message, { ...options, code: 'model_error', retryable: true })
    case 'InternalServerException':
      return new GatewayError(500, message, { ...options, retryable: true })
    case 'ServiceUnavailableException':
      return new GatewayError(503, message, { ...options, retryable: true })
    default:
      // Unknown type (or a proxy's answer): keep the upstream status and name the raw type.
      return new GatewayError(status >= 400 ? status : 502, type ? `${message} (${type})` : message, options)
  }
}

/** toError for every Bedrock endpoint: `{message}` body, type in the `x-amzn-errortype` header. */
export function bedrockToError(status: number, body: unknown, headers: Headers): GatewayError {
  const parsed = v.safeParse(ErrorBodySchema, body)
  const fields = parsed.success ? parsed.output : undefined
  const type = headers.get('x-amzn-errortype') ?? fields?.__type ?? fields?.code ?? ''
  const message = fields?.message ?? fields?.Message ?? (typeof body === 'string' ? body : '')
  return mapBedrockError(type, status, message)
}

/**
 * `ValidationException:http://internal.amazon.com/coral/…` or `aws.protocols#ValidationException`
 * → `ValidationException`; the lower-camel member names of stream exceptions are capitalised.
 */
export function normaliseErrorType(errorType: string): string {
  let type = errorType.split(',')[0].split(':')[0]
  if (type.includes('#')) type = type.slice(type.lastIndexOf('#') + 1)
  type = type.trim()
  return type.charAt(0).toUpperCase() + type.slice(1)
}

// AWS appends the canonical request to signature errors, after a blank line; it holds the
// x-amz-security-token, a credential. Only the first paragraph is kept, truncated.
function cleanMessage(message: string): string {
  const first = message.split(/\r?\n\s*\r?\n/)[0].split(/The Canonical String for this request/)[0].trim()
  return first.length > MAX_MESSAGE_LENGTH ? `${first.slice(0, MAX_MESSAGE_LENGTH)}…` : first
}
