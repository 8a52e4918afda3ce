import * as v from 'valibot'
import { GatewayError } from '../../worker/http/errors'
import type { Endpoint, ResponseContext } from '../types'
import { encodeFloat32Base64 } from '../shared/float32-base64'
import { completionBodySchema, embeddingListSchema, imagesBodySchema, modelListSchema, modelSchema } from './schemas'
import { mapInBandError } from './to-error'

/** The schema a 2xx body of an endpoint must satisfy. */
function schemaFor(endpoint: Endpoint, context: ResponseContext) {
  switch (endpoint) {
    case 'chat':
    case 'completions':
      return completionBodySchema
    case 'embeddings':
      return embeddingListSchema
    case 'images':
      return imagesBodySchema
    case 'models':
      return typeof context.body.model === 'string' && context.body.model !== '' ? modelSchema : modelListSchema
  }
}

/**
 * Checks a 2xx OpenAI-format body and returns it as it came (unknown fields kept). A body with a
 * top-level `error` (OpenRouter answers some failures with a 200) becomes that error; embeddings
 * that came back as floats when the caller asked for base64 are re-encoded.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function fromOpenAIResponse(endpoint: Endpoint, json: unknown, context: ResponseContext, provider = 'openai'): Record<string, unknown> {
  if (typeof json === 'object' && json !== null && (json as Record<string, unknown>).error != null) {
    throw mapInBandError((json as Record<string, unknown>).error, provider)
  }
  const parsed = v.safeParse(schemaFor(endpoint, context), json)
  if (!parsed.success) throw unreadableResponse(provider, endpoint, parsed.issues[0])
  const body = parsed.output as Record<string, unknown>
  if (endpoint === 'embeddings' && context.body.encoding_format === 'base64') encodeFloatEmbeddings(body)
  return body
}

function encodeFloatEmbeddings(body: Record<string, unknown>): void {
  for (const item of body.data as Array<{ embedding: number[] | string }>) {
    if (Array.isArray(item.embedding)) item.embedding = encodeFloat32Base64(item.embedding)
  }
}

/** A 2xx body the gateway cannot read: a provider fault, worth another target. */
export function unreadableResponse(provider: string, endpoint: Endpoint, issue?: v.BaseIssue<unknown>): GatewayError {
  const where = issue?.path?.map((item) => String(item.key)).join('.') || 'body'
  return new GatewayError(502, `${provider} returned a ${endpoint} response the gateway could not read (${where}: ${issue?.message ?? 'invalid'})`, {
    type: 'server_error',
    code: 'invalid_provider_response',
    provider,
    retryable: true,
  })
}
