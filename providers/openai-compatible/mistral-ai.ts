import { createOpenAIFormatAdapter } from '../openai'
import { mapMistralError } from './map-mistral-error'
import { mapMistralRequest } from './mistral-request'
import { createMistralChunkMapper, mapMistralResponse } from './mistral-response'

/**
 * Mistral: OpenAI's format at `https://api.mistral.ai/v1` with strict validation, its own
 * parameter names, nine-character tool-call ids and prefill through `prefix: true`.
 * @see https://docs.mistral.ai/api/
 */
export const mistralAIAdapter = createOpenAIFormatAdapter({
  id: 'mistral-ai',
  baseUrl: 'https://api.mistral.ai/v1',
  endpoints: ['chat', 'embeddings', 'models'],
  mapRequest: mapMistralRequest,
  mapResponse: (endpoint, body) => (endpoint === 'chat' ? mapMistralResponse(body) : body),
  createChunkMapper: (endpoint, context) => (endpoint === 'chat' ? createMistralChunkMapper(context.includeUsage) : undefined),
  mapError: mapMistralError,
  capabilities: { prefill: true },
})
