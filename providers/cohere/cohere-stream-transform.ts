import * as v from 'valibot'
import { GatewayError } from '../../worker/http/errors'
import { isDoneEvent, type SseEvent } from '../../worker/http/sse'
import type { ChunkSink, OpenAIChunk, ResponseContext, StreamMapper } from '../types'
import { CohereStreamEvent } from './cohere-wire-schemas'
import { CohereToolCallIndexer } from './cohere-tool-call-indexer'
import { mapCohereFinishReason } from './map-cohere-finish-reason'
import { mapCohereUsage } from './map-cohere-usage'

type Delta = Record<string, unknown>

/**
 * Translates a Cohere v2 chat stream into OpenAI chunks, with fresh state per request:
 * message-start → the role chunk (Cohere's id kept), content-delta → `content` (or
 * `reasoning_content` for thinking), tool-call-start/-delta → tool-call deltas, message-end → the
 * finish chunk, then the usage chunk when the caller asked for it. tool-plan, citation and debug
 * events carry nothing OpenAI can show. message-end with `finish_reason: ERROR` is raised as an error.
 * @see https://docs.cohere.com/v2/docs/streaming
 */
export function cohereStreamMapper(context: ResponseContext): StreamMapper {
  let id = context.id
  let started = false
  const tools = new CohereToolCallIndexer()
  const model = context.body.model ?? ''

  const chunk = (delta: Delta, finishReason: string | null = null): OpenAIChunk => {
    const out: OpenAIChunk = { id, object: 'chat.completion.chunk', created: context.created, model, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] }
    if (context.includeUsage) out.usage = null
    return out
  }
  // The role chunk goes first, even when Cohere skipped message-start.
  const start = (controller: ChunkSink) => {
    if (started) return
    started = true
    controller.enqueue(chunk({ role: 'assistant', content: '' }))
  }
  const emit = (controller: ChunkSink, delta: Delta) => {
    start(controller)
    controller.enqueue(chunk(delta))
  }

  return {
    transform(sse, controller) {
      if (isDoneEvent(sse)) return
      let json: unknown
      try {
        json = JSON.parse(sse.data)
      } catch {
        return context.warn(`cohere: skipped a stream event that is not JSON: ${sse.data.slice(0, 200)}`)
      }
      const parsed = v.safeParse(CohereStreamEvent, json)
      if (!parsed.success) return context.warn(`cohere: skipped a stream event of unexpected shape: ${sse.data.slice(0, 200)}`)
      const event = parsed.output
      const message = event.delta?.message
      switch (event.type) {
        case 'message-start':
          if (event.id) id = event.id
          return start(controller)
        case 'content-delta': {
          const text = message?.content?.text
          const thinking = message?.content?.thinking
          if (typeof text === 'string' && text !== '') emit(controller, { content: text })
          else if (typeof thinking === 'string' && thinking !== '') emit(controller, { reasoning_content: thinking })
          return
        }
        case 'tool-call-start': {
          const call = message?.tool_calls
          const index = tools.start(event.index)
          emit(controller, {
            tool_calls: [{ index, id: call?.id ?? `call_${index}`, type: 'function', function: { name: call?.function?.name ?? '', arguments: call?.function?.arguments ?? '' } }],
          })
          return
        }
        case 'tool-call-delta': {
          const fragment = message?.tool_calls?.function?.arguments
          const index = tools.lookup(event.index)
          if (typeof fragment === 'string' && fragment !== '' && index >= 0) emit(controller, { tool_calls: [{ index, function: { arguments: fragment } }] })
          return
        }
        case 'message-end': {
          const reason = event.delta?.finish_reason
          if (reason === 'ERROR' || event.delta?.error) {
            const detail = (event.delta?.error ?? 'the generation failed').slice(0, 500)
            return controller.error(new GatewayError(500, `Cohere: ${detail}`, { type: 'server_error', provider: 'cohere', retryable: true }))
          }
          start(controller)
          controller.enqueue(chunk({}, mapCohereFinishReason(reason)))
          if (context.includeUsage) {
            controller.enqueue({ id, object: 'chat.completion.chunk', created: context.created, model, choices: [], usage: mapCohereUsage(event.delta?.usage) })
          }
          return
        }
        default:
          // content-start, content-end, tool-plan-delta, tool-call-end, citation-*, debug.
          return
      }
    },
  }
}

/** The mapper as a stream stage (tests; the executor drives the mapper directly). */
export function cohereStreamTransform(context: ResponseContext): TransformStream<SseEvent, OpenAIChunk> {
  return new TransformStream(cohereStreamMapper(context))
}
