import type { OpenAIChunk } from '../types'

/**
 * The chunk OpenAI sends after the finish chunk when `stream_options.include_usage` is set:
 * the same id, model and created, `choices: []` and the usage of the whole request.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options
 */
export function usageChunk(from: OpenAIChunk, usage: Record<string, unknown>): OpenAIChunk {
  return { id: from.id, object: from.object, created: from.created, model: from.model, choices: [], usage }
}

/**
 * Stream state for providers that report usage their own way (Groq's `x_groq.usage`, Mistral's
 * usage on the finish chunk): emits the OpenAI usage chunk once, right after the chunk carrying
 * the usage, when the caller asked for it. Usage never stays on a chunk with choices: OpenAI
 * sends it only in the usage chunk, and only when asked.
 */
export function createUsageChunkEmitter(includeUsage: boolean) {
  let sent = false
  return {
    /** The chunks to emit for `chunk`, given the usage it carries (if any). */
    after(chunk: OpenAIChunk, usage: unknown): OpenAIChunk[] {
      // The chunk already is a usage chunk (the provider honoured stream_options after all).
      if (chunk.choices.length === 0 && chunk.usage) {
        if (!includeUsage || sent) return []
        sent = true
        return [chunk]
      }
      const content = withoutUsage(chunk)
      if (!includeUsage || sent || typeof usage !== 'object' || usage === null) return [content]
      sent = true
      return [content, usageChunk(chunk, usage as Record<string, unknown>)]
    },
  }
}

function withoutUsage(chunk: OpenAIChunk): OpenAIChunk {
  if (chunk.usage === undefined) return chunk
  const { usage: _usage, ...rest } = chunk
  return rest as OpenAIChunk
}
