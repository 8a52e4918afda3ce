import * as v from 'valibot'
import type { ResponseContext } from '../types'
import { GatewayError } from '../../worker/http/errors'
import { embeddingList } from '../shared/embedding-list'
import { CohereEmbeddingSchema, TitanEmbeddingSchema } from './wire-schemas'

/**
 * Maps a Titan (`{embedding, inputTextTokenCount}`) or Cohere (`{embeddings}`) InvokeModel
 * answer onto the OpenAI embeddings list, as floats or, for `encoding_format: "base64"`, as
 * base64 of little-endian float32 (what the Node OpenAI SDK asks for by default). Cohere on
 * Bedrock reports no token counts, so its usage is 0.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v3.html
 */
export function mapEmbeddingsResponse(json: unknown, context: ResponseContext): Record<string, unknown> {
  const vectors: number[][] = []
  let promptTokens = 0
  const titan = v.safeParse(TitanEmbeddingSchema, json)
  const cohere = v.safeParse(CohereEmbeddingSchema, json)
  if (titan.success) {
    vectors.push(titan.output.embedding)
    promptTokens = titan.output.inputTextTokenCount ?? 0
  } else if (cohere.success) {
    const embeddings = cohere.output.embeddings
    vectors.push(...(Array.isArray(embeddings) ? embeddings : embeddings.float))
  } else {
    throw new GatewayError(502, 'Bedrock returned an embeddings response the gateway could not read.', { provider: 'bedrock', retryable: false })
  }
  return embeddingList(vectors, context.body.model ?? '', context.body.encoding_format, promptTokens)
}
