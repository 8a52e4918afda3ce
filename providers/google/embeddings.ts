import * as v from 'valibot'
import { GatewayError, badRequest } from '../../worker/http/errors'
import type { OpenAIBody, ResponseContext, UpstreamRequest } from '../types'
import { geminiModelName, requireModel } from './build-generate-content-body'
import { embeddingList } from '../shared/embedding-list'
import { embeddingInputs } from './embedding-inputs'
import { embedResponseSchema } from './wire-schemas'

/**
 * Maps an OpenAI embeddings request onto `:embedContent` (one string) or `:batchEmbedContents`
 * (an array, each request naming `models/{model}` as the API requires). `dimensions` →
 * `outputDimensionality`; `task_type` (a gateway extension) → `taskType`; `user` is dropped.
 * @see https://ai.google.dev/api/embeddings
 */
export function toEmbedRequest(body: OpenAIBody, apiVersion = 'v1beta'): UpstreamRequest {
  const model = requireModel(body)
  const inputs = embeddingInputs(body.input)
  if (!inputs) throw badRequest('Gemini embeddings take a string or an array of strings as input (not token ids).', 'input')
  const options: Record<string, unknown> = {}
  if (typeof body.dimensions === 'number') options.outputDimensionality = body.dimensions
  if (typeof body.task_type === 'string') options.taskType = body.task_type
  const name = geminiModelName(model)
  const content = (text: string) => ({ content: { parts: [{ text }] }, ...options })
  const payload = inputs.single ? content(inputs.texts[0]) : { requests: inputs.texts.map((text) => ({ model: name, ...content(text) })) }
  return {
    path: `/${apiVersion}/${name}:${inputs.single ? 'embedContent' : 'batchEmbedContents'}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    stream: false,
  }
}

/**
 * Maps `{embedding}` or `{embeddings: [...]}` onto the OpenAI list. The Gemini API reports no
 * token usage for embeddings, so usage is 0 unless a `usageMetadata` comes back.
 * @see https://ai.google.dev/api/embeddings#EmbedContentResponse
 */
export function fromEmbedResponse(json: unknown, context: ResponseContext): Record<string, unknown> {
  const parsed = v.safeParse(embedResponseSchema, json)
  const vectors = parsed.success ? (parsed.output.embeddings ?? (parsed.output.embedding ? [parsed.output.embedding] : undefined)) : undefined
  if (!parsed.success || !vectors) {
    throw new GatewayError(502, 'Gemini answered the embeddings request with a body the gateway could not read.', { type: 'server_error', code: 'bad_upstream_response', provider: context.target.provider })
  }
  const tokens = parsed.output.usageMetadata?.promptTokenCount ?? 0
  return embeddingList(vectors.map((vector) => vector.values), context.body.model ?? '', context.body.encoding_format, tokens)
}
