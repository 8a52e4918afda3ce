import { createOpenAIFormatAdapter } from '../openai'
import type { ChunkMapper } from '../openai'
import { rewriteChoices, withFinishReason } from './rewrite-choices'

/**
 * Together's finish reasons onto OpenAI's: `eos` (the model's end-of-sequence token) is a
 * normal stop. Unknown values are kept raw.
 * @see https://docs.together.ai/reference/chat-completions-1
 */
export function mapTogetherFinishReason(reason: string): string {
  switch (reason) {
    case 'eos':
      return 'stop'
    default:
      return reason
  }
}

const normaliseChoice = (choice: Record<string, unknown>) => withFinishReason(choice, mapTogetherFinishReason)

const togetherChunkMapper: ChunkMapper = { map: (chunk) => [rewriteChoices(chunk, normaliseChoice)] }

/** Together AI: OpenAI's format at `https://api.together.xyz/v1`. */
export const togetherAIAdapter = createOpenAIFormatAdapter({
  id: 'together-ai',
  baseUrl: 'https://api.together.xyz/v1',
  endpoints: ['chat', 'completions', 'embeddings', 'images', 'models'],
  mapResponse: (endpoint, body) =>
    (endpoint === 'chat' || endpoint === 'completions') && Array.isArray(body.choices) ? rewriteChoices(body as { choices: unknown[] }, normaliseChoice) : body,
  // Stateless, so one mapper serves every request.
  createChunkMapper: (endpoint) => (endpoint === 'chat' || endpoint === 'completions' ? togetherChunkMapper : undefined),
})
