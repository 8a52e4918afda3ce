import { GatewayError } from '../../worker/http/errors'
import { createOpenAIFormatAdapter, readErrorFields } from '../openai'

/**
 * OpenRouter's errors carry the HTTP status as a number in `code` (the generic mapping turns it
 * into the status and leaves `code` null) and name the upstream provider in `metadata`; that name
 * is added to the message. Errors after generation started come inside 200 answers (a JSON body
 * or an SSE `data:` payload with `error`), which the generic OpenAI mapping already raises.
 * @see https://openrouter.ai/docs/api-reference/errors
 */
export function mapOpenRouterError(error: GatewayError, status: number, body: unknown): GatewayError {
  const metadata = readErrorFields(body).raw?.metadata as { provider_name?: unknown } | undefined
  if (typeof metadata?.provider_name !== 'string' || !metadata.provider_name) return error
  return new GatewayError(error.status, `${error.message} (upstream: ${metadata.provider_name.slice(0, 80)})`, {
    type: error.type,
    code: error.code,
    param: error.param,
    provider: error.provider,
    retryable: error.retryable,
    headers: error.headers,
  })
}

/** OpenRouter: OpenAI's format at `https://openrouter.ai/api/v1`, `vendor/model` ids. */
export const openRouterAdapter = createOpenAIFormatAdapter({
  id: 'openrouter',
  baseUrl: 'https://openrouter.ai/api/v1',
  endpoints: ['chat', 'completions', 'embeddings', 'models'],
  mapError: mapOpenRouterError,
})
