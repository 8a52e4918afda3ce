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
 * the usage, when the caller asked for it.
 */
export function createUsageChunkEmitter(includeUsage: boolean) {
  let sent = false
  return {
    /** The chunks to emit for `chunk`, given the usage it carries (if any). */
    after(chunk: OpenAIChunk, usage: unknown): OpenAIChunk[] {
      if (!includeUsage || sent || typeof usage !== 'object' || usage === null) return [chunk]
      sent = true
      // The chunk already is a usage chunk (the provider honoured stream_options after all).
      if (chunk.choices.length === 0 && chunk.usage) return [chunk]
      return [chunk, usageChunk(chunk, usage as Record<string, unknown>)]
    },
  }
}
