import type { OpenAIBody, UpstreamRequest } from '../types'
import { badRequest } from '../../worker/http/errors'
import { bedrockModelPath } from './model-path'

/** The embedding model families the gateway can call through InvokeModel. */
export type EmbeddingFamily = 'titan' | 'cohere'

/** Picks the family from the model id (inference profile prefixes and ARNs allowed). */
export function embeddingFamily(model: string): EmbeddingFamily | undefined {
  if (/(^|[./])amazon\.titan-embed-/.test(model)) return 'titan'
  if (/(^|[./])cohere\.embed-/.test(model)) return 'cohere'
  return undefined
}

/**
 * Maps an OpenAI embeddings request onto InvokeModel. Titan embeds one text per request
 * (`{inputText, dimensions?}`; `dimensions` only on v2), so an array of several inputs is a 400:
 * the UpstreamRequest contract cannot fan out distinct bodies. Cohere takes the array
 * (`{texts, input_type}`; `input_type` defaults to `search_document`, a caller's value is kept).
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v3.html
 */
export function mapEmbeddingsRequest(body: OpenAIBody): UpstreamRequest {
  const path = bedrockModelPath(body.model, 'invoke')
  const model = body.model as string
  const texts = inputTexts(body.input)
  let payload: Record<string, unknown>
  switch (embeddingFamily(model)) {
    case 'titan': {
      if (texts.length !== 1) {
        throw badRequest('Bedrock Titan embedding models take one input per request; send a single string (or use a cohere.embed-* model for batches).', 'input')
      }
      payload = { inputText: texts[0] }
      if (typeof body.dimensions === 'number' && model.includes('titan-embed-text-v2')) payload.dimensions = body.dimensions
      break
    }
    case 'cohere':
      payload = { texts, input_type: typeof body.input_type === 'string' ? body.input_type : 'search_document' }
      break
    default:
      throw badRequest(`The gateway embeds with amazon.titan-embed-* and cohere.embed-* models on Bedrock, not ${model}.`, 'model')
  }
  return {
    path,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(payload),
    stream: false,
  }
}

function inputTexts(input: unknown): string[] {
  if (typeof input === 'string') return [input]
  if (Array.isArray(input) && input.length > 0 && input.every((item) => typeof item === 'string')) return input as string[]
  throw badRequest('Bedrock embeddings take input as a string or an array of strings (not token ids).', 'input')
}
