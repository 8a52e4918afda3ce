import { badRequest } from '../../worker/http/errors'
import type { OpenAIBody, UpstreamRequest } from '../types'

/** What the v3+ embed models need to be told the texts are for; OpenAI has no such field. */
const DEFAULT_INPUT_TYPE = 'search_document'

/**
 * Maps an OpenAI embeddings request onto `POST /v2/embed`: `input` → `texts`, `dimensions` →
 * `output_dimension`, always `embedding_types: ["float"]` (base64 is encoded by the gateway, so
 * the byte order is OpenAI's). `input_type` (required by Cohere) is taken from the body when the
 * caller sent Cohere's field, else `search_document` (gateway choice: the documents side of
 * retrieval, the common use). Token-array inputs are a 400: Cohere embeds text only. `user` is dropped.
 * @see https://docs.cohere.com/v2/reference/embed
 */
export function mapCohereEmbedRequest(body: OpenAIBody): UpstreamRequest {
  if (typeof body.model !== 'string' || body.model === '') throw badRequest('model is required.', 'model')
  const texts = typeof body.input === 'string' ? [body.input] : body.input
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((text) => typeof text === 'string')) {
    throw badRequest('input must be a string or a non-empty array of strings; Cohere does not take token arrays.', 'input')
  }
  const request: Record<string, unknown> = {
    model: body.model,
    texts,
    input_type: typeof body.input_type === 'string' ? body.input_type : DEFAULT_INPUT_TYPE,
    embedding_types: ['float'],
  }
  if (typeof body.dimensions === 'number') request.output_dimension = body.dimensions
  if (typeof body.truncate === 'string') request.truncate = body.truncate
  return { path: '/v2/embed', method: 'POST', body: JSON.stringify(request), stream: false }
}
