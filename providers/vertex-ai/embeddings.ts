import * as v from 'valibot'
import { GatewayError, badRequest } from '../../worker/http/errors'
import { embeddingInputs } from '../google/embedding-inputs'
import { embeddingList } from '../shared/embedding-list'
import type { OpenAIBody, ResponseContext, Target, UpstreamRequest } from '../types'
import { vertexModelPath } from './vertex-url'

const predictResponseSchema = v.looseObject({
  predictions: v.array(
    v.looseObject({
      embeddings: v.looseObject({
        values: v.array(v.number()),
        statistics: v.nullish(v.looseObject({ token_count: v.nullish(v.number()) })),
      }),
    }),
  ),
})

const embedContentResponseSchema = v.looseObject({
  embedding: v.looseObject({ values: v.array(v.number()) }),
  usageMetadata: v.nullish(v.looseObject({ promptTokenCount: v.nullish(v.number()) })),
})

/**
 * Gemini embedding models after gemini-embedding-001 take `:embedContent` (one content per call)
 * on Vertex; text-embedding-* and gemini-embedding-001 take `:predict`. The same rule as Google's SDK.
 */
export function usesEmbedContent(model: string): boolean {
  return (model.includes('gemini') && model !== 'gemini-embedding-001') || model.includes('maas')
}

/**
 * Maps an OpenAI embeddings request onto Vertex: `:predict` with one instance `{content}` per
 * input (`task_type` per instance, `outputDimensionality` from `dimensions` in `parameters`), or
 * `:embedContent` with `embedContentConfig` for models that take it (a single input only).
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api
 */
export function toVertexEmbedRequest(body: OpenAIBody, target: Target): UpstreamRequest {
  const model = typeof body.model === 'string' ? body.model : ''
  const inputs = embeddingInputs(body.input)
  if (!inputs) throw badRequest('Vertex AI embeddings take a string or an array of strings as input (not token ids).', 'input')
  const taskType = typeof body.task_type === 'string' ? body.task_type : undefined
  const dimensions = typeof body.dimensions === 'number' ? body.dimensions : undefined
  let payload: Record<string, unknown>
  if (usesEmbedContent(model)) {
    if (inputs.texts.length !== 1) throw badRequest(`${model} embeds one input per request on Vertex AI.`, 'input')
    const config = { ...(taskType ? { taskType } : {}), ...(dimensions ? { outputDimensionality: dimensions } : {}) }
    payload = { content: { role: 'user', parts: [{ text: inputs.texts[0] }] }, ...(Object.keys(config).length > 0 ? { embedContentConfig: config } : {}) }
  } else {
    payload = {
      instances: inputs.texts.map((content) => ({ content, ...(taskType ? { task_type: taskType } : {}) })),
      ...(dimensions ? { parameters: { outputDimensionality: dimensions } } : {}),
    }
  }
  return {
    path: vertexModelPath(target, 'google', model, usesEmbedContent(model) ? 'embedContent' : 'predict'),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    stream: false,
  }
}

/** Maps `{predictions: [{embeddings}]}` or `{embedding}` onto the OpenAI list; usage from token counts. */
export function fromVertexEmbedResponse(json: unknown, context: ResponseContext): Record<string, unknown> {
  const model = context.body.model ?? ''
  const predicted = v.safeParse(predictResponseSchema, json)
  if (predicted.success) {
    const predictions = predicted.output.predictions
    const tokens = predictions.reduce((sum, prediction) => sum + (prediction.embeddings.statistics?.token_count ?? 0), 0)
    return embeddingList(predictions.map((prediction) => prediction.embeddings.values), model, context.body.encoding_format, tokens)
  }
  const single = v.safeParse(embedContentResponseSchema, json)
  if (single.success) {
    return embeddingList([single.output.embedding.values], model, context.body.encoding_format, single.output.usageMetadata?.promptTokenCount ?? 0)
  }
  throw new GatewayError(502, 'Vertex AI answered the embeddings request with a body the gateway could not read.', { type: 'server_error', code: 'bad_upstream_response', provider: 'vertex-ai' })
}
