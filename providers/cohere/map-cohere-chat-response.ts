import * as v from 'valibot'
import { GatewayError } from '../../worker/http/errors'
import type { ResponseContext } from '../types'
import { CohereChatResponse } from './cohere-wire-schemas'
import { mapCohereFinishReason } from './map-cohere-finish-reason'
import { mapCohereUsage } from './map-cohere-usage'

/**
 * Maps a `/v2/chat` answer onto an OpenAI `chat.completion`: text items joined into `content`,
 * `thinking` items into the non-standard `reasoning_content`, `tool_calls` as they are (same shape),
 * Cohere's id kept. `tool_plan` and `citations` are dropped. `finish_reason: ERROR` is raised as a
 * retryable server error rather than returned as an answer.
 * @see https://docs.cohere.com/v2/reference/chat
 */
export function mapCohereChatResponse(json: unknown, context: ResponseContext): Record<string, unknown> {
  const parsed = v.safeParse(CohereChatResponse, json)
  if (!parsed.success) {
    throw new GatewayError(502, 'Cohere answered with a body the gateway cannot read.', { code: 'invalid_upstream_response', provider: 'cohere' })
  }
  const response = parsed.output
  if (response.finish_reason === 'ERROR') {
    throw new GatewayError(500, 'Cohere: the generation failed (finish_reason ERROR).', { type: 'server_error', provider: 'cohere', retryable: true })
  }
  const items = response.message?.content ?? []
  const texts = items.filter((item) => item.type === 'text' || (item.type == null && typeof item.text === 'string'))
  const thinking = items.filter((item) => item.type === 'thinking' && typeof item.thinking === 'string')
  const toolCalls = (response.message?.tool_calls ?? []).map((call, index) => ({
    id: call.id ?? `call_${index}`,
    type: 'function',
    function: { name: call.function?.name ?? '', arguments: call.function?.arguments || '{}' },
  }))

  const message: Record<string, unknown> = {
    role: 'assistant',
    content: texts.length === 0 && toolCalls.length > 0 ? null : texts.map((item) => item.text ?? '').join(''),
    refusal: null,
  }
  if (thinking.length > 0) message.reasoning_content = thinking.map((item) => item.thinking).join('')
  if (toolCalls.length > 0) message.tool_calls = toolCalls

  return {
    id: response.id ?? context.id,
    object: 'chat.completion',
    created: context.created,
    model: context.body.model ?? '',
    choices: [{ index: 0, message, finish_reason: mapCohereFinishReason(response.finish_reason), logprobs: null }],
    usage: mapCohereUsage(response.usage),
  }
}
