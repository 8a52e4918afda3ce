import type { Endpoint, OpenAIBody, UpstreamRequest } from '../types'

/**
 * The path of an endpoint below an OpenAI-format base URL. For `models`, a body with a `model`
 * asks for that one model (`GET /models/{model}`), otherwise for the list.
 * @see https://platform.openai.com/docs/api-reference/models
 */
export function openAIPath(endpoint: Endpoint, body: OpenAIBody): string {
  switch (endpoint) {
    case 'chat':
      return '/chat/completions'
    case 'completions':
      return '/completions'
    case 'embeddings':
      return '/embeddings'
    case 'images':
      return '/images/generations'
    case 'models':
      return typeof body.model === 'string' && body.model !== '' ? `/models/${modelPathSegment(body.model)}` : '/models'
  }
}

/** Encodes a model id for a path, keeping the `/` of ids like `openai/gpt-4o` as separators. */
export function modelPathSegment(model: string): string {
  return model.split('/').map(encodeURIComponent).join('/')
}

/** Whether the provider answers this request with a stream. */
export function isStreaming(endpoint: Endpoint, body: OpenAIBody): boolean {
  // Embeddings and models never stream; images stream only for GPT image models asked to.
  return (endpoint === 'chat' || endpoint === 'completions' || endpoint === 'images') && body.stream === true
}

/**
 * Builds the upstream request for an OpenAI-format endpoint: the body goes as JSON, unknown
 * parameters included (OpenAI adds parameters often and the gateway must not hide them).
 */
export function toOpenAIRequest(endpoint: Endpoint, body: OpenAIBody, path = openAIPath(endpoint, body)): UpstreamRequest {
  if (endpoint === 'models') return { path, method: 'GET', stream: false }
  return {
    path,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    stream: isStreaming(endpoint, body),
  }
}
