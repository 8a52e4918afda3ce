import { badRequest } from '../../worker/http/errors'
import { createOpenAIFormatAdapter, createUsageChunkEmitter, type ChunkMapper } from '../openai'
import type { Endpoint, OpenAIBody } from '../types'

/**
 * Groq accepts only `n: 1` (so a larger n is refused here, before any request is sent), rejects
 * `stream_options` ("property 'stream_options' is unsupported") and supports no logprobs; those
 * three parameters are dropped. Usage of a stream arrives on its last chunk under `x_groq.usage`.
 * @see https://console.groq.com/docs/openai
 */
export function mapGroqRequest(endpoint: Endpoint, body: OpenAIBody): OpenAIBody {
  if (endpoint !== 'chat') return body
  if (typeof body.n === 'number' && body.n > 1) {
    throw badRequest('groq supports only n = 1 (one choice per request).', 'n', 'unsupported_parameter')
  }
  const { stream_options: _streamOptions, logprobs: _logprobs, top_logprobs: _topLogprobs, ...rest } = body
  return rest
}

/** Emits OpenAI's usage chunk (`choices: []`) from Groq's `x_groq.usage` when the caller asked for it. */
export function createGroqChunkMapper(includeUsage: boolean): ChunkMapper {
  const usage = createUsageChunkEmitter(includeUsage)
  return {
    map(chunk) {
      const extension = chunk.x_groq as { usage?: unknown } | undefined
      return usage.after(chunk, extension?.usage ?? chunk.usage)
    },
  }
}

/** Groq: OpenAI's format at `/openai/v1`, chat and models only. */
export const groqAdapter = createOpenAIFormatAdapter({
  id: 'groq',
  baseUrl: 'https://api.groq.com/openai/v1',
  endpoints: ['chat', 'models'],
  mapRequest: mapGroqRequest,
  createChunkMapper: (endpoint, context) => (endpoint === 'chat' ? createGroqChunkMapper(context.includeUsage) : undefined),
})
