import { GatewayError } from '../../worker/http/errors'
import { createOpenAIFormatAdapter } from '../openai'
import type { ChunkMapper } from '../openai'
import { rewriteChoices } from './rewrite-choices'

/**
 * DeepSeek ends an answer with `finish_reason: "insufficient_system_resource"` when it runs out
 * of capacity mid-generation: the answer is cut short by the provider, so it is raised as a
 * retryable 503 (another target, or a continuation, can finish it) rather than passed on as a
 * finish reason no OpenAI client knows. `reasoning_content` passes through untouched, and the
 * SSE keep-alive comments DeepSeek sends while a request is queued are skipped by the SSE parser.
 * @see https://api-docs.deepseek.com/quick_start/error_codes
 */
export function checkDeepSeekChoice(choice: Record<string, unknown>): Record<string, unknown> {
  if (choice.finish_reason !== 'insufficient_system_resource') return choice
  throw new GatewayError(503, 'deepseek stopped the answer early: insufficient system resource.', {
    type: 'server_error',
    code: 'insufficient_system_resource',
    provider: 'deepseek',
    retryable: true,
  })
}

const deepSeekChunkMapper: ChunkMapper = { map: (chunk) => [rewriteChoices(chunk, checkDeepSeekChoice)] }

/** DeepSeek: OpenAI's format at `https://api.deepseek.com` (no `/v1`). */
export const deepSeekAdapter = createOpenAIFormatAdapter({
  id: 'deepseek',
  baseUrl: 'https://api.deepseek.com',
  endpoints: ['chat', 'models'],
  mapResponse: (endpoint, body) => (endpoint === 'chat' && Array.isArray(body.choices) ? rewriteChoices(body as { choices: unknown[] }, checkDeepSeekChoice) : body),
  createChunkMapper: (endpoint) => (endpoint === 'chat' ? deepSeekChunkMapper : undefined),
})
