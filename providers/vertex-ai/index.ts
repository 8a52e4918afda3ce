import { anthropicStreamMapper, fromAnthropicMessage } from '../anthropic/index'
import { buildGenerateContentBody, fromGenerateContent, geminiStreamMapper, googleError } from '../google/index'
import { requireModel } from '../google/build-generate-content-body'
import type { EndpointAdapter, ProviderAdapter } from '../types'
import { serviceAccountToken } from './access-token'
import { isAnthropicErrorBody, isAnthropicModel, toVertexAnthropicRequest, vertexAnthropicError } from './anthropic-on-vertex'
import { fromVertexEmbedResponse, toVertexEmbedRequest } from './embeddings'
import { parseVertexCredential } from './service-account'
import { checkTokenUri } from './token-uri-policy'
import { vertexBaseUrl, vertexModelPath, vertexRegion } from './vertex-url'

export { clearVertexTokenCache, serviceAccountToken } from './access-token'
export { VERTEX_ANTHROPIC_VERSION } from './anthropic-on-vertex'
export { signServiceAccountJwt } from './sign-jwt'
export { vertexBaseUrl } from './vertex-url'

// Errors from Vertex come in Google's shape, except those Claude itself raises (Anthropic's shape).
const toError: EndpointAdapter['toError'] = (status, body, headers) =>
  isAnthropicErrorBody(body) ? vertexAnthropicError(status, body, headers) : googleError(status, body, headers, 'vertex-ai')

const chat: EndpointAdapter = {
  toUpstream(body, target) {
    const model = requireModel(body)
    if (isAnthropicModel(model)) return toVertexAnthropicRequest(body, target)
    const stream = body.stream === true
    return {
      path: vertexModelPath(target, 'google', model, stream ? 'streamGenerateContent?alt=sse' : 'generateContent'),
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(buildGenerateContentBody(body, model)),
      stream,
    }
  },
  fromUpstream: (json, context) => (isAnthropicModel(context.body.model) ? fromAnthropicMessage(json, context) : fromGenerateContent(json, context)),
  streamTransform: (context) => (isAnthropicModel(context.body.model) ? anthropicStreamMapper(context) : geminiStreamMapper(context)),
  toError,
}

const embeddings: EndpointAdapter = {
  toUpstream: toVertexEmbedRequest,
  fromUpstream: fromVertexEmbedResponse,
  toError,
}

/**
 * Google Vertex AI: Gemini (generateContent, translated like the Gemini API) and Claude
 * (rawPredict, translated like Anthropic's API) chat, and text embeddings. The credential is a
 * service-account JSON exchanged for a cached OAuth token, or a ready access token.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest
 */
export const vertexAdapter: ProviderAdapter = {
  id: 'vertex-ai',
  baseUrl: (target) => vertexBaseUrl(vertexRegion(target)),
  async authenticate(request, target, deps) {
    const credential = parseVertexCredential(target.apiKey)
    if (credential.kind === 'service-account') checkTokenUri(credential.account, request.url)
    const token = credential.kind === 'access-token' ? credential.token : await serviceAccountToken(credential.account, deps)
    request.headers.set('authorization', `Bearer ${token}`)
  },
  endpoints: { chat, embeddings },
  // Claude continues a trailing assistant message; Gemini gives no such guarantee.
  capabilities: { prefill: (model) => isAnthropicModel(model) },
}
