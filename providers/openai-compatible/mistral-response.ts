import { GatewayError } from '../../worker/http/errors'
import { createUsageChunkEmitter, type ChunkMapper } from '../openai'
import type { OpenAIChunk } from '../types'
import { mapMistralFinishReason } from './map-mistral-finish-reason'
import { rewriteChoices, withFinishReason } from './rewrite-choices'

type Choice = Record<string, unknown> & { finish_reason?: string | null }
type ToolCall = Record<string, unknown> & { function?: Record<string, unknown> }

/** A choice that Mistral ended with `finish_reason: "error"`: a provider failure, worth another target. */
function mistralGenerationError(): GatewayError {
  return new GatewayError(502, 'mistral-ai ended the generation with an error (finish_reason "error").', {
    type: 'server_error',
    code: 'provider_error',
    provider: 'mistral-ai',
    retryable: true,
  })
}

/**
 * Normalises one Mistral choice: finish reason, and tool calls with `type`, a string `arguments`
 * and (in streams) an `index`, which the OpenAI SDK's stream accumulator requires.
 * @see https://docs.mistral.ai/api/#tag/chat (ToolCall: type and index have defaults, arguments may be an object)
 */
export function normaliseMistralChoice(choice: Choice): Choice {
  if (choice.finish_reason === 'error') throw mistralGenerationError()
  withFinishReason(choice, mapMistralFinishReason)
  for (const key of ['message', 'delta'] as const) {
    const part = choice[key] as { tool_calls?: ToolCall[] } | undefined
    if (part?.tool_calls) choice[key] = { ...part, tool_calls: part.tool_calls.map((call, position) => normaliseToolCall(call, position, key === 'delta')) }
  }
  return choice
}

function normaliseToolCall(call: ToolCall, position: number, isDelta: boolean): ToolCall {
  const normal: ToolCall = { ...call }
  if (isDelta && typeof normal.index !== 'number') normal.index = position
  if (normal.id !== undefined && normal.type === undefined) normal.type = 'function'
  const args = normal.function?.arguments
  if (args !== undefined && typeof args !== 'string') normal.function = { ...normal.function, arguments: JSON.stringify(args) }
  return normal
}

/** Mistral's non-stream body with OpenAI's finish reasons and tool-call shapes. */
export function mapMistralResponse(body: Record<string, unknown> & { choices?: unknown[] }): Record<string, unknown> {
  return Array.isArray(body.choices) ? rewriteChoices(body as { choices: unknown[] }, normaliseMistralChoice) : body
}

/**
 * Mistral puts the usage on its last chunk and refuses `stream_options`, so OpenAI's usage chunk
 * is synthesised from it when the caller asked for one.
 */
export function createMistralChunkMapper(includeUsage: boolean): ChunkMapper {
  const usage = createUsageChunkEmitter(includeUsage)
  return {
    map(chunk: OpenAIChunk) {
      return usage.after(rewriteChoices(chunk, normaliseMistralChoice), chunk.usage)
    },
  }
}
