import * as v from 'valibot'
import type { ChunkSink, OpenAIChunk, ResponseContext, StreamMapper } from '../types'
import type { SseEvent } from '../../worker/http/sse'
import { mapBedrockError } from './map-error'
import { mapBedrockStopReason } from './map-stop-reason'
import { mapBedrockUsage } from './map-usage'
import { ContentBlockDeltaSchema, ContentBlockStartSchema, ErrorBodySchema, MessageStopSchema, StreamMetadataSchema } from './wire-schemas'
import { EXCEPTION_PREFIX, ERROR_PREFIX } from './event-stream-decoder'

type Delta = Record<string, unknown>

/**
 * Maps decoded ConverseStream frames onto OpenAI chunks. Tool calls are indexed by their order
 * among tool blocks (not Converse's contentBlockIndex). `metadata` (usage) arrives after
 * `messageStop`, so the usage chunk is sent when it arrives, only if the caller asked for it.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStreamOutput.html
 */
export function bedrockStreamMapper(context: ResponseContext): StreamMapper {
  const toolIndexByBlock = new Map<number, number>()
  const chunk = (choices: OpenAIChunk['choices'], usage?: Record<string, unknown>): OpenAIChunk => {
    const out: OpenAIChunk = { id: context.id, object: 'chat.completion.chunk', created: context.created, model: String(context.body.model ?? ''), choices }
    if (usage) out.usage = usage
    return out
  }
  const delta = (value: Delta, finishReason: string | null = null) => chunk([{ index: 0, delta: value, finish_reason: finishReason }])
  const read = <T extends v.GenericSchema>(schema: T, event: SseEvent): v.InferOutput<T> | undefined => {
    let json: unknown
    try {
      json = JSON.parse(event.data)
    } catch {
      context.warn(`bedrock: skipped a ${event.event} frame whose payload is not JSON`)
      return undefined
    }
    const parsed = v.safeParse(schema, json)
    if (parsed.success) return parsed.output
    context.warn(`bedrock: skipped a ${event.event} frame of unexpected shape`)
    return undefined
  }

  return {
    transform(event, controller) {
      const name = event.event ?? ''
      if (name.startsWith(EXCEPTION_PREFIX) || name.startsWith(ERROR_PREFIX)) {
        const body = read(ErrorBodySchema, event)
        const type = name.slice(name.indexOf(':') + 1)
        // An exception frame has no HTTP status of its own; the mapping decides it by type.
        controller.error(mapBedrockError(type, 500, body?.message ?? body?.Message ?? ''))
        return
      }
      switch (name) {
        case 'messageStart':
          controller.enqueue(delta({ role: 'assistant', content: '' }))
          return
        case 'contentBlockStart': {
          const start = read(ContentBlockStartSchema, event)
          const toolUse = start?.start?.toolUse
          if (!toolUse) return
          const index = toolIndexByBlock.size
          toolIndexByBlock.set(start.contentBlockIndex ?? index, index)
          controller.enqueue(delta({ tool_calls: [{ index, id: toolUse.toolUseId, type: 'function', function: { name: toolUse.name, arguments: '' } }] }))
          return
        }
        case 'contentBlockDelta': {
          const update = read(ContentBlockDeltaSchema, event)
          if (typeof update?.delta?.text === 'string' && update.delta.text !== '') controller.enqueue(delta({ content: update.delta.text }))
          const input = update?.delta?.toolUse?.input
          const index = toolIndexByBlock.get(update?.contentBlockIndex ?? -1)
          if (typeof input === 'string' && input !== '' && index !== undefined) {
            controller.enqueue(delta({ tool_calls: [{ index, function: { arguments: input } }] }))
          }
          // reasoningContent deltas have no chat.completion.chunk field and are left out.
          return
        }
        case 'messageStop': {
          const stop = read(MessageStopSchema, event)
          controller.enqueue(delta({}, mapBedrockStopReason(stop?.stopReason, context.warn)))
          return
        }
        case 'metadata': {
          if (!context.includeUsage) return
          const metadata = read(StreamMetadataSchema, event)
          if (metadata?.usage) controller.enqueue(chunk([], { ...mapBedrockUsage(metadata.usage) }))
          return
        }
        default:
          // contentBlockStop, and event types added after this was written.
          return
      }
    },
  }
}

/** The mapper as a stream stage (tests; the executor drives the mapper directly). */
export function createBedrockStreamTransform(context: ResponseContext): TransformStream<SseEvent, OpenAIChunk> {
  return new TransformStream(bedrockStreamMapper(context))
}
