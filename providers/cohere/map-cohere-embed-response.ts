import * as v from 'valibot'
import { GatewayError } from '../../worker/http/errors'
import type { ResponseContext } from '../types'
import { CohereEmbedResponse } from './cohere-wire-schemas'
import { encodeFloat32Base64 } from './encode-float32-base64'

/**
 * Maps a `/v2/embed` answer onto an OpenAI embeddings list: `embeddings.float[i]` → `data[i]`
 * (base64 little-endian float32 when the caller asked `encoding_format: "base64"`),
 * `meta.billed_units.input_tokens` → `usage.prompt_tokens` and `total_tokens`.
 * @see https://docs.cohere.com/v2/reference/embed
 */
export function mapCohereEmbedResponse(json: unknown, context: ResponseContext): Record<string, unknown> {
  const parsed = v.safeParse(CohereEmbedResponse, json)
  if (!parsed.success) {
    throw new GatewayError(502, 'Cohere answered with embeddings the gateway cannot read.', { code: 'invalid_upstream_response', provider: 'cohere' })
  }
  const base64 = context.body.encoding_format === 'base64'
  const tokens = parsed.output.meta?.billed_units?.input_tokens ?? 0
  return {
    object: 'list',
    data: parsed.output.embeddings.float.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: base64 ? encodeFloat32Base64(vector) : vector,
    })),
    model: context.body.model ?? '',
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  }
}
