import * as v from 'valibot'
import type { ChunkSink, OpenAIChunk, ResponseContext, StreamMapper } from '../types'
import type { SseEvent } from '../../worker/http/sse'
import { anthropicError, statusOfAnthropicErrorType } from './anthropic-error'
import { mapAnthropicStopReason } from './map-anthropic-stop-reason'
import { mapAnthropicUsage, mergeAnthropicUsage } from './map-anthropic-usage'
import {
  type AnthropicUsage,
  AnthropicErrorBodySchema,
  ContentBlockDeltaEventSchema,
  ContentBlockStartEventSchema,
  MessageDeltaEventSchema,
  MessageStartEventSchema,
  StreamEventTypeSchema,
} from './wire-schemas'

type Delta = Record<string, unknown>
type Controller = ChunkSink

/**
 * Translates Messages API stream events into OpenAI `chat.completion.chunk`s, with fresh state per request.
 * Tool calls are numbered among tool blocks only; the usage chunk follows `message_stop` when asked for.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export function anthropicStreamMapper(context: ResponseContext): StreamMapper {
  let id = context.id
  let model = typeof context.body.model === 'string' ? context.body.model : ''
  let usage: AnthropicUsage = {}
  let finished = false
  let usageSent = false
  // Anthropic block index → OpenAI tool call index (which counts tool blocks only).
  const toolIndexes = new Map<number, number>()

  const chunk = (delta: Delta, finishReason: string | null = null): OpenAIChunk => ({
    id,
    object: 'chat.completion.chunk',
    created: context.created,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  })
  const finish = (controller: Controller, stopReason: string | null | undefined) => {
    finished = true
    controller.enqueue(chunk({}, mapAnthropicStopReason(stopReason)))
  }
  const sendUsage = (controller: Controller) => {
    if (!context.includeUsage || usageSent) return
    usageSent = true
    controller.enqueue({ id, object: 'chat.completion.chunk', created: context.created, model, choices: [], usage: mapAnthropicUsage(usage) })
  }
  const skip = (event: SseEvent, why: string) => context.warn(`anthropic stream: skipped ${event.event ?? 'an'} event (${why})`)

  function handle(type: string, data: unknown, event: SseEvent, controller: Controller): void {
    switch (type) {
      case 'message_start': {
        const parsed = v.safeParse(MessageStartEventSchema, data)
        if (!parsed.success) return skip(event, 'unreadable message_start')
        id = parsed.output.message.id ?? id
        model = parsed.output.message.model ?? model
        usage = mergeAnthropicUsage(usage, parsed.output.message.usage)
        return controller.enqueue(chunk({ role: 'assistant', content: '' }))
      }
      case 'content_block_start': {
        const parsed = v.safeParse(ContentBlockStartEventSchema, data)
        if (!parsed.success) return skip(event, 'unreadable content_block_start')
        const block = parsed.output.content_block
        if (block.type === 'text' && block.text) return controller.enqueue(chunk({ content: block.text }))
        if (block.type !== 'tool_use') return // thinking and server-tool blocks are not part of the OpenAI answer
        const index = toolIndexes.size
        toolIndexes.set(parsed.output.index, index)
        const call = { index, id: block.id ?? `call_${index}`, type: 'function', function: { name: block.name ?? '', arguments: '' } }
        return controller.enqueue(chunk({ tool_calls: [call] }))
      }
      case 'content_block_delta': {
        const parsed = v.safeParse(ContentBlockDeltaEventSchema, data)
        if (!parsed.success) return skip(event, 'unreadable content_block_delta')
        const delta = parsed.output.delta
        if (delta.type === 'text_delta' && delta.text) return controller.enqueue(chunk({ content: delta.text }))
        if (delta.type !== 'input_json_delta' || !delta.partial_json) return // thinking, signature, citations
        const index = toolIndexes.get(parsed.output.index)
        if (index === undefined) return skip(event, 'input_json_delta for a block that is not a tool call')
        return controller.enqueue(chunk({ tool_calls: [{ index, function: { arguments: delta.partial_json } }] }))
      }
      case 'message_delta': {
        const parsed = v.safeParse(MessageDeltaEventSchema, data)
        if (!parsed.success) return skip(event, 'unreadable message_delta')
        usage = mergeAnthropicUsage(usage, parsed.output.usage)
        if (!finished) finish(controller, parsed.output.delta.stop_reason)
        return
      }
      case 'message_stop':
        if (!finished) {
          context.warn('anthropic stream: message_stop without message_delta; finishing with stop')
          finish(controller, 'end_turn')
        }
        return sendUsage(controller)
      case 'error': {
        const parsed = v.safeParse(AnthropicErrorBodySchema, data)
        const status = statusOfAnthropicErrorType(parsed.success ? parsed.output.error.type : undefined)
        return controller.error(anthropicError(status, data, new Headers()))
      }
      default:
        // ping, content_block_stop, and event types newer than this code carry nothing for OpenAI clients.
        return
    }
  }

  return {
    transform(event, controller) {
      let data: unknown
      try {
        data = JSON.parse(event.data)
      } catch {
        return skip(event, 'data is not JSON')
      }
      const typed = v.safeParse(StreamEventTypeSchema, data)
      if (!typed.success) return skip(event, 'no type')
      handle(typed.output.type, data, event, controller)
    },
    flush(controller) {
      // message_stop lost after the finish chunk: the answer is whole, so its usage is still owed.
      if (finished) sendUsage(controller)
    },
  }
}

/** The mapper as a stream stage (tests; the executor drives the mapper directly). */
export function createAnthropicStreamTransform(context: ResponseContext): TransformStream<SseEvent, OpenAIChunk> {
  return new TransformStream(anthropicStreamMapper(context))
}
