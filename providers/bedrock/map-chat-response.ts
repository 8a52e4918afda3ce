import * as v from 'valibot'
import type { ResponseContext } from '../types'
import { GatewayError } from '../../worker/http/errors'
import { mapBedrockStopReason } from './map-stop-reason'
import { mapBedrockUsage } from './map-usage'
import { ConverseResponseSchema } from './wire-schemas'

interface ToolCall {
  id: string
  type: 'function'
  function: { name: string; arguments: string }
}

/**
 * Maps a Converse response onto an OpenAI chat.completion. Converse responses carry no id, so
 * the gateway's `context.id` is used; toolUseId is kept as the tool call id.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax
 */
export function mapChatResponse(json: unknown, context: ResponseContext): Record<string, unknown> {
  const parsed = v.safeParse(ConverseResponseSchema, json)
  if (!parsed.success) {
    throw new GatewayError(502, 'Bedrock returned a Converse response the gateway could not read.', { provider: 'bedrock', retryable: false })
  }
  const response = parsed.output
  let text = ''
  const toolCalls: ToolCall[] = []
  // reasoningContent and other block kinds have no chat.completion field and are left out.
  for (const block of response.output.message?.content ?? []) {
    if (typeof block.text === 'string') text += block.text
    if (block.toolUse) {
      toolCalls.push({
        id: block.toolUse.toolUseId,
        type: 'function',
        function: { name: block.toolUse.name, arguments: JSON.stringify(block.toolUse.input ?? {}) },
      })
    }
  }
  const message: Record<string, unknown> = { role: 'assistant', content: text === '' ? null : text, refusal: null }
  if (toolCalls.length > 0) message.tool_calls = toolCalls
  return {
    id: context.id,
    object: 'chat.completion',
    created: context.created,
    model: context.body.model,
    choices: [{ index: 0, message, finish_reason: mapBedrockStopReason(response.stopReason, context.warn), logprobs: null }],
    usage: mapBedrockUsage(response.usage),
  }
}
