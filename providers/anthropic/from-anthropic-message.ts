import * as v from 'valibot'
import type { ResponseContext } from '../types'
import { mapAnthropicStopReason } from './map-anthropic-stop-reason'
import { mapAnthropicUsage } from './map-anthropic-usage'
import { unreadableAnthropicResponse } from './upstream-response-error'
import { AnthropicMessageSchema } from './wire-schemas'

/**
 * Maps a Messages API response onto an OpenAI `chat.completion`: text blocks joined, `tool_use` blocks
 * as tool calls (ids kept), thinking and server-tool blocks dropped.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function fromAnthropicMessage(json: unknown, context: ResponseContext): unknown {
  const parsed = v.safeParse(AnthropicMessageSchema, json)
  if (!parsed.success) throw unreadableAnthropicResponse()
  const message = parsed.output
  const texts: string[] = []
  const toolCalls: Array<Record<string, unknown>> = []
  for (const block of message.content) {
    if (block.type === 'text') texts.push(block.text ?? '')
    else if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id ?? `call_${toolCalls.length}`,
        type: 'function',
        function: { name: block.name ?? '', arguments: JSON.stringify(block.input ?? {}) },
      })
    }
  }
  const assistant: Record<string, unknown> = { role: 'assistant', content: texts.length > 0 ? texts.join('') : null, refusal: null }
  if (toolCalls.length > 0) assistant.tool_calls = toolCalls
  return {
    id: message.id ?? context.id,
    object: 'chat.completion',
    created: context.created,
    model: message.model ?? context.body.model ?? '',
    choices: [{ index: 0, message: assistant, logprobs: null, finish_reason: mapAnthropicStopReason(message.stop_reason) }],
    usage: mapAnthropicUsage(message.usage),
  }
}
