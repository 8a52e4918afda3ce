import type { Endpoint, OpenAIBody } from '../types'
import { createMistralToolCallIds } from './mistral-tool-call-ids'

type Message = Record<string, unknown>
type ToolCall = { id?: unknown; type?: unknown; function?: { name?: unknown; arguments?: unknown } }

/**
 * Mistral validates bodies strictly (an unknown field is a 422 "Extra inputs are not permitted"),
 * so OpenAI-only parameters are renamed or dropped:
 * seed → random_seed, max_completion_tokens → max_tokens, tool_choice "required" → "any",
 * dimensions → output_dimension (embeddings); stream_options, user, logprobs, top_logprobs,
 * logit_bias and store are dropped. Messages keep only the fields Mistral's schema has.
 * @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
 */
export function mapMistralRequest(endpoint: Endpoint, body: OpenAIBody): OpenAIBody {
  if (endpoint === 'embeddings') {
    const { dimensions, user: _user, ...rest } = body
    return dimensions === undefined || rest.output_dimension !== undefined ? rest : { ...rest, output_dimension: dimensions }
  }
  if (endpoint !== 'chat') return body
  const { seed, max_completion_tokens, stream_options: _so, user: _user, logprobs: _lp, top_logprobs: _tlp, logit_bias: _lb, store: _store, ...rest } = body
  const mapped: OpenAIBody = { ...rest }
  if (seed !== undefined && mapped.random_seed === undefined) mapped.random_seed = seed
  if (max_completion_tokens !== undefined && mapped.max_tokens === undefined) mapped.max_tokens = max_completion_tokens
  if (mapped.tool_choice === 'required') mapped.tool_choice = 'any'
  if (Array.isArray(mapped.messages)) mapped.messages = toMistralMessages(mapped.messages as Message[])
  return mapped
}

/** Keeps the fields Mistral's message schema has and rewrites every tool-call id consistently. */
export function toMistralMessages(messages: Message[]): Message[] {
  const ids: string[] = []
  for (const message of messages) {
    for (const call of (message.tool_calls as ToolCall[] | undefined) ?? []) if (typeof call.id === 'string') ids.push(call.id)
    if (typeof message.tool_call_id === 'string') ids.push(message.tool_call_id)
  }
  const idFor = createMistralToolCallIds(ids)
  return messages.map((message, index) => {
    switch (message.role) {
      case 'system':
      case 'developer': // Mistral has no developer role; it is the system prompt by another name.
        return { role: 'system', content: message.content }
      case 'user':
        return { role: 'user', content: message.content }
      case 'assistant':
        return assistantMessage(message, idFor, index === messages.length - 1)
      case 'tool':
        return pick({ role: 'tool', content: message.content, tool_call_id: mapId(message.tool_call_id, idFor), name: message.name })
      default:
        return message
    }
  })
}

function assistantMessage(message: Message, idFor: (id: string) => string, isLast: boolean): Message {
  const calls = message.tool_calls as ToolCall[] | undefined
  const toolCalls = calls?.map((call) => ({
    id: mapId(call.id, idFor),
    type: 'function',
    function: { name: call.function?.name, arguments: call.function?.arguments },
  }))
  // A trailing assistant message is a prefill; Mistral continues it only when marked `prefix`.
  const prefix = message.prefix ?? (isLast && !toolCalls?.length ? true : undefined)
  return pick({ role: 'assistant', content: message.content, tool_calls: toolCalls, prefix })
}

function mapId(id: unknown, idFor: (id: string) => string): unknown {
  return typeof id === 'string' ? idFor(id) : id
}

function pick(message: Message): Message {
  return Object.fromEntries(Object.entries(message).filter(([, value]) => value !== undefined))
}
