import type { SignableRequest, Target } from '../types'
import { bearerAuthentication, createOpenAIFormatAdapter } from './create-adapter'

/**
 * `Authorization: Bearer <key>`, plus the organization and project headers when the target
 * names them.
 * @see https://platform.openai.com/docs/api-reference/authentication
 */
export function authenticateOpenAI(request: SignableRequest, target: Target): void {
  bearerAuthentication(request, target)
  if (target.options.openaiOrganization) request.headers.set('openai-organization', target.options.openaiOrganization)
  if (target.options.openaiProject) request.headers.set('openai-project', target.options.openaiProject)
}

/** OpenAI itself: every endpoint, passed through as sent. */
export const openAIAdapter = createOpenAIFormatAdapter({
  id: 'openai',
  baseUrl: 'https://api.openai.com/v1',
  endpoints: ['chat', 'completions', 'embeddings', 'images', 'models'],
  authenticate: authenticateOpenAI,
  capabilities: { prefill: false },
})

// The reusable pieces the OpenAI-format providers are built from.
export { bearerAuthentication, createOpenAIFormatAdapter, type OpenAIFormatProvider } from './create-adapter'
export { fromOpenAIResponse, unreadableResponse } from './from-upstream'
export { createOpenAIStreamTransform, openAIStreamMapper, type ChunkMapper, type OpenAIStreamOptions } from './stream-transform'
export { isRetryableStatus, mapInBandError, mapOpenAIError, retryHeaders, statusForErrorName } from './to-error'
export { isStreaming, modelPathSegment, openAIPath, toOpenAIRequest } from './to-upstream'
export { createUsageChunkEmitter, usageChunk } from './usage-chunk'
export { encodeFloat32Base64, decodeFloat32Base64 } from '../shared/float32-base64'
export { readErrorFields, fieldsOf, redactSecrets, truncateMessage, type ErrorFields } from './error-fields'
