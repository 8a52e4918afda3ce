import * as v from 'valibot'
import { GatewayError } from '../../worker/http/errors'
import type { ResponseContext } from '../types'
import { mapCandidateParts } from './map-candidate-parts'
import { mapGeminiFinishReason } from './map-finish-reason'
import { mapGeminiLogprobs } from './map-logprobs'
import { mapGeminiUsage } from './map-usage'
import { generateContentResponseSchema, type GenerateContentResponse } from './wire-schemas'

/**
 * Maps a `generateContent` response onto an OpenAI `chat.completion`: one choice per candidate,
 * text parts (thoughts excluded) joined into `content`, function calls into `tool_calls`, the
 * finish reason and usage mapped. A prompt blocked before any candidate (`promptFeedback.blockReason`)
 * becomes one empty choice finished by `content_filter` (gateway choice).
 * @see https://ai.google.dev/api/generate-content#generatecontentresponse
 */
export function fromGenerateContent(json: unknown, context: ResponseContext): Record<string, unknown> {
  const parsed = v.safeParse(generateContentResponseSchema, json)
  if (!parsed.success) {
    throw new GatewayError(502, 'Gemini answered with a body the gateway could not read.', { type: 'server_error', code: 'bad_upstream_response', provider: context.target.provider, retryable: true })
  }
  const response = parsed.output
  return {
    id: context.id,
    object: 'chat.completion',
    created: context.created,
    model: response.modelVersion ?? context.body.model ?? '',
    choices: mapChoices(response),
    ...(response.usageMetadata ? { usage: mapGeminiUsage(response.usageMetadata) } : {}),
  }
}

function mapChoices(response: GenerateContentResponse): Array<Record<string, unknown>> {
  const candidates = response.candidates ?? []
  if (candidates.length === 0) {
    const blocked = response.promptFeedback?.blockReason
    return [{ index: 0, message: { role: 'assistant', content: '', refusal: null }, finish_reason: blocked ? 'content_filter' : 'stop', logprobs: null }]
  }
  return candidates.map((candidate, position) => {
    const index = candidate.index ?? position
    const { text, toolCalls } = mapCandidateParts(candidate.content?.parts, response.responseId ?? '', index)
    const message: Record<string, unknown> = {
      role: 'assistant',
      // OpenAI sends null content beside tool calls, and a string otherwise.
      content: text ?? (toolCalls.length > 0 ? null : ''),
      refusal: null,
    }
    if (toolCalls.length > 0) message.tool_calls = toolCalls
    const reason = candidate.finishReason
    return {
      index,
      message,
      finish_reason: reason ? mapGeminiFinishReason(reason, toolCalls.length > 0) : toolCalls.length > 0 ? 'tool_calls' : 'stop',
      logprobs: mapGeminiLogprobs(candidate.logprobsResult),
    }
  })
}
