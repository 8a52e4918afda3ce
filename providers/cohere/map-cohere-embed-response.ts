import * as v from 'valibot'
import { GatewayError } from '../../worker/http/errors'
import type { ResponseContext } from '../types'
import { CohereEmbedResponse } from './cohere-wire-schemas'
import { embeddingList } from '../shared/embedding-list'

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
  const tokens = parsed.output.meta?.billed_units?.input_tokens ?? 0
  return embeddingList(parsed.output.embeddings.float, context.body.model ?? '', context.body.encoding_format, tokens)
}
