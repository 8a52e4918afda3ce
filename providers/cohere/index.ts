import type { ProviderAdapter } from '../types'
import { cohereStreamMapper } from './cohere-stream-transform'
import { mapCohereChatRequest } from './map-cohere-chat-request'
import { mapCohereChatResponse } from './map-cohere-chat-response'
import { mapCohereEmbedRequest } from './map-cohere-embed-request'
import { mapCohereEmbedResponse } from './map-cohere-embed-response'
import { mapCohereError } from './map-cohere-error'

/**
 * Cohere v2: chat (JSON and SSE) and embeddings, with a Bearer key.
 * @see https://docs.cohere.com/v2/reference/chat
 * @see https://docs.cohere.com/v2/reference/embed
 */
export const cohereAdapter: ProviderAdapter = {
  id: 'cohere',
  baseUrl: () => 'https://api.cohere.com',
  authenticate(request, target) {
    if (target.apiKey) request.headers.set('authorization', `Bearer ${target.apiKey}`)
  },
  endpoints: {
    chat: {
      toUpstream: mapCohereChatRequest,
      fromUpstream: mapCohereChatResponse,
      streamTransform: cohereStreamMapper,
      toError: mapCohereError,
    },
    embeddings: {
      toUpstream: mapCohereEmbedRequest,
      fromUpstream: mapCohereEmbedResponse,
      toError: mapCohereError,
    },
  },
}
