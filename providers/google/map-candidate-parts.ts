import { stableToolCallId } from './tool-call-id'
import type { GeminiPart } from './wire-schemas'

/** An OpenAI tool call, with Gemini's thought signature carried as Google's OpenAI endpoint does. */
export interface OpenAIToolCall {
  id: string
  type: 'function'
  function: { name: string; arguments: string }
  extra_content?: { google: { thought_signature: string } }
}

export interface MappedParts {
  /** Text of the non-thought parts, joined; undefined when there is none. */
  text?: string
  toolCalls: OpenAIToolCall[]
}

/**
 * Maps the parts of one candidate (or of one streamed chunk of it) onto text and tool calls.
 * Thought summaries (`thought: true`) are left out of the answer. `firstCallIndex` numbers the
 * calls across the chunks of a stream, so that their ids match those of the whole response.
 * @see https://ai.google.dev/api/caching#Part
 */
export function mapCandidateParts(parts: GeminiPart[] | null | undefined, responseId: string, candidateIndex: number, firstCallIndex = 0): MappedParts {
  let text: string | undefined
  const toolCalls: OpenAIToolCall[] = []
  for (const part of parts ?? []) {
    if (part.thought) continue
    if (typeof part.text === 'string' && part.text !== '') text = (text ?? '') + part.text
    if (part.functionCall) {
      const args = JSON.stringify(part.functionCall.args ?? {})
      const callIndex = firstCallIndex + toolCalls.length
      const call: OpenAIToolCall = {
        id: part.functionCall.id || stableToolCallId(responseId, candidateIndex, callIndex, part.functionCall.name, args),
        type: 'function',
        function: { name: part.functionCall.name, arguments: args },
      }
      if (part.thoughtSignature) call.extra_content = { google: { thought_signature: part.thoughtSignature } }
      toolCalls.push(call)
    }
  }
  return { text, toolCalls }
}
