import { GatewayError } from '../../worker/http/errors'
import { truncateMessage } from '../openai'

type Detail = { loc?: unknown; msg?: unknown }

/**
 * Mistral answers request-validation failures with a 422 carrying pydantic `detail` items, at the
 * top level (`{"detail": [...]}`) or inside `message` (an object or a JSON string). They become a
 * 400 listing every item, as the gateway's own validation errors do.
 * @see https://docs.mistral.ai/api/ (HTTPValidationError)
 */
export function mapMistralError(error: GatewayError, status: number, body: unknown): GatewayError {
  const details = validationDetails(body)
  if (status !== 422 && !details) return error
  if (!details) return new GatewayError(400, error.message, { type: 'invalid_request_error', code: error.code, param: error.param, provider: error.provider, retryable: false })
  const issues = details.map((detail) => `${locationOf(detail) || 'body'}: ${typeof detail.msg === 'string' ? detail.msg : 'invalid'}`)
  return new GatewayError(400, truncateMessage(`mistral-ai rejected the request: ${issues.join('; ')}`), {
    type: 'invalid_request_error',
    param: locationOf(details[0]) || null,
    provider: error.provider,
    retryable: false,
  })
}

function validationDetails(body: unknown): Detail[] | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const record = body as Record<string, unknown>
  for (const candidate of [record.detail, record.message, (record.error as Record<string, unknown> | undefined)?.message]) {
    const found = detailsIn(candidate)
    if (found) return found
  }
  return undefined
}

function detailsIn(value: unknown): Detail[] | undefined {
  if (typeof value === 'string' && value.trimStart().startsWith('{')) {
    try {
      return detailsIn(JSON.parse(value))
    } catch {
      return undefined
    }
  }
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'object' && item !== null && 'msg' in item)) return value as Detail[]
  if (typeof value === 'object' && value !== null && 'detail' in value) return detailsIn((value as { detail: unknown }).detail)
  return undefined
}

/** `["body", "messages", 0, "content"]` → `messages.0.content` (the `body` root says nothing). */
function locationOf(detail: Detail | undefined): string {
  if (!Array.isArray(detail?.loc)) return ''
  return detail.loc.filter((part, index) => !(index === 0 && part === 'body')).map(String).join('.')
}
