import { GatewayError } from '../../worker/http/errors'
import { readErrorFields } from '../openai'

/**
 * Azure rejects a prompt its content filter flags with a 400 whose `code` is `content_filter`
 * (and `innererror.code` `ResponsibleAIPolicyViolation`); it becomes OpenAI's
 * `content_policy_violation`, naming the categories that were filtered. Other errors keep the
 * generic mapping.
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter
 */
export function mapAzureError(error: GatewayError, status: number, body: unknown): GatewayError {
  const fields = readErrorFields(body)
  const inner = fields.raw?.innererror as { code?: unknown; content_filter_result?: Record<string, { filtered?: boolean }> } | undefined
  if (fields.code !== 'content_filter' && inner?.code !== 'ResponsibleAIPolicyViolation') return error
  const categories = Object.entries(inner?.content_filter_result ?? {})
    .filter(([, result]) => result?.filtered === true)
    .map(([name]) => name)
  const suffix = categories.length > 0 ? ` (filtered: ${categories.join(', ')})` : ''
  return new GatewayError(status >= 400 && status < 500 ? status : 400, `${error.message}${suffix}`, {
    type: 'invalid_request_error',
    code: 'content_policy_violation',
    param: error.param,
    provider: error.provider,
    retryable: false,
  })
}
