import { GatewayError } from '../../worker/http/errors'
import type { EndpointAdapter, ProviderAdapter, Target } from '../types'
import { buildGenerateContentBody, geminiModelName, requireModel } from './build-generate-content-body'
import { geminiStreamMapper } from './create-stream-transform'
import { fromEmbedResponse, toEmbedRequest } from './embeddings'
import { fromGenerateContent } from './from-generate-content'
import { googleError } from './google-error'
import { fromModelsList } from './models'

export { buildGenerateContentBody, geminiModelName } from './build-generate-content-body'
export { createGeminiStreamTransform, geminiStreamMapper } from './create-stream-transform'
export { embeddingList } from '../shared/embedding-list'
export { fromGenerateContent } from './from-generate-content'
export { googleError } from './google-error'

const API_VERSION = 'v1beta'
const toError: EndpointAdapter['toError'] = (status, body, headers) => googleError(status, body, headers)

const chat: EndpointAdapter = {
  toUpstream(body) {
    const model = requireModel(body)
    const stream = body.stream === true
    return {
      // Gemini streams by method name; `alt=sse` asks for SSE instead of a JSON array.
      path: `/${API_VERSION}/${geminiModelName(model)}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(buildGenerateContentBody(body, model)),
      stream,
    }
  },
  fromUpstream: fromGenerateContent,
  streamTransform: geminiStreamMapper,
  toError,
}

const embeddings: EndpointAdapter = {
  toUpstream: (body) => toEmbedRequest(body, API_VERSION),
  fromUpstream: fromEmbedResponse,
  toError,
}

const models: EndpointAdapter = {
  toUpstream: () => ({ path: `/${API_VERSION}/models?pageSize=1000`, method: 'GET', stream: false }),
  fromUpstream: fromModelsList,
  toError,
}

/**
 * The Google Gemini API (AI Studio keys): chat, embeddings and the model list, translated from
 * and to the OpenAI format. The key goes only in the `x-goog-api-key` header, never in the URL
 * (URLs end up in logs).
 * @see https://ai.google.dev/api
 */
export const googleAdapter: ProviderAdapter = {
  id: 'google',
  baseUrl: () => 'https://generativelanguage.googleapis.com',
  authenticate(request, target: Target) {
    if (!target.apiKey) {
      throw new GatewayError(401, 'No Gemini API key was given for this target.', { code: 'invalid_api_key', provider: 'google', retryable: false })
    }
    request.headers.set('x-goog-api-key', target.apiKey)
  },
  endpoints: { chat, embeddings, models },
}
