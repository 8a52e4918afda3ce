import * as v from 'valibot'
import type { SseEvent } from '../../worker/http/sse'
import type { ChunkSink, OpenAIChunk, ResponseContext, StreamMapper } from '../types'
import { googleError } from './google-error'
import { mapCandidateParts } from './map-candidate-parts'
import { mapGeminiFinishReason } from './map-finish-reason'
import { mapGeminiLogprobs } from './map-logprobs'
import { mapGeminiUsage } from './map-usage'
import { generateContentResponseSchema, type GeminiUsage } from './wire-schemas'

interface CandidateState {
  started: boolean
  calls: number
}

/**
 * Translates `streamGenerateContent?alt=sse` events into OpenAI chunks: one chunk per Gemini
 * chunk, `role` in each choice's first delta, each function call as one complete tool-call delta
 * (Gemini never splits arguments), the mapped finish reason on the chunk that carries Gemini's,
 * and, when the caller asked for it, a last `choices: []` chunk with the usage of the last
 * `usageMetadata` (Gemini's counts are running totals). An `error` chunk errors the stream.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export function geminiStreamMapper(context: ResponseContext): StreamMapper {
  const candidates = new Map<number, CandidateState>()
  let usage: GeminiUsage | undefined
  let model = context.body.model ?? ''
  const chunk = (choices: OpenAIChunk['choices']): OpenAIChunk => ({
    id: context.id,
    object: 'chat.completion.chunk',
    created: context.created,
    model,
    choices,
    ...(context.includeUsage ? { usage: null } : {}),
  })

  return {
    transform(event, controller) {
      let json: unknown
      try {
        json = JSON.parse(event.data)
      } catch {
        return context.warn('Skipped a Gemini stream event that is not JSON.')
      }
      if (typeof json === 'object' && json !== null && 'error' in json) {
        const code = (json as { error?: { code?: unknown } }).error?.code
        return controller.error(googleError(typeof code === 'number' ? code : 500, json, new Headers(), context.target.provider))
      }
      const parsed = v.safeParse(generateContentResponseSchema, json)
      if (!parsed.success) return context.warn('Skipped a Gemini stream event of an unexpected shape.')
      const response = parsed.output
      if (response.modelVersion) model = response.modelVersion
      if (response.usageMetadata) usage = response.usageMetadata
      const list = response.candidates ?? []
      if (list.length === 0) {
        // A prompt blocked before generation: one empty choice, filtered.
        if (response.promptFeedback?.blockReason) {
          controller.enqueue(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: 'content_filter', logprobs: null }]))
        }
        return
      }
      const choices: OpenAIChunk['choices'] = []
      list.forEach((candidate, position) => {
        const index = candidate.index ?? position
        const state = candidates.get(index) ?? { started: false, calls: 0 }
        candidates.set(index, state)
        const { text, toolCalls } = mapCandidateParts(candidate.content?.parts, response.responseId ?? '', index, state.calls)
        const reason = candidate.finishReason ? mapGeminiFinishReason(candidate.finishReason, state.calls + toolCalls.length > 0) : null
        // A thought-only chunk says nothing yet; the role waits for the first thing said.
        if (text === undefined && toolCalls.length === 0 && reason === null) return
        const delta: Record<string, unknown> = {}
        if (!state.started) delta.role = 'assistant'
        if (text !== undefined) delta.content = text
        if (toolCalls.length > 0) delta.tool_calls = toolCalls.map((call, offset) => ({ index: state.calls + offset, ...call }))
        state.calls += toolCalls.length
        state.started = true
        choices.push({ index, delta, finish_reason: reason, logprobs: mapGeminiLogprobs(candidate.logprobsResult) })
      })
      if (choices.length > 0) controller.enqueue(chunk(choices))
    },
    flush(controller) {
      if (context.includeUsage && usage) controller.enqueue({ ...chunk([]), usage: mapGeminiUsage(usage) })
    },
  }
}

/** The mapper as a stream stage (tests; the executor drives the mapper directly). */
export function createGeminiStreamTransform(context: ResponseContext): TransformStream<SseEvent, OpenAIChunk> {
  return new TransformStream(geminiStreamMapper(context))
}
