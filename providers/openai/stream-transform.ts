import * as v from 'valibot'
import { GatewayError } from '../../worker/http/errors'
import { isDoneEvent, type SseEvent } from '../../worker/http/sse'
import type { ChunkSink, Endpoint, OpenAIChunk, ResponseContext, StreamMapper } from '../types'
import { truncateMessage } from './error-fields'
import { chunkSchema } from './schemas'
import { mapInBandError } from './to-error'

/** Per-request rewriting of the chunks of one OpenAI-format provider (finish reasons, usage). */
export interface ChunkMapper {
  /** Rewrites one chunk into zero or more; throws a GatewayError for a failure the chunk reports. */
  map(chunk: OpenAIChunk): OpenAIChunk[]
}

export interface OpenAIStreamOptions {
  provider?: string
  mapper?: ChunkMapper
}

const WARN_SNIPPET_LENGTH = 120

/**
 * Parses each `data:` payload of an OpenAI-format stream into a chunk. `[DONE]` is dropped (the
 * executor writes its own); a payload with a top-level `error` ends the stream with that error,
 * as the OpenAI SDK does; a payload that is not a JSON chunk is skipped and reported.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export function openAIStreamMapper(endpoint: Endpoint, context: ResponseContext, options: OpenAIStreamOptions = {}): StreamMapper {
  const provider = options.provider ?? 'openai'
  const skip = (reason: string, data: string) =>
    context.warn(`${provider}: skipped a stream event (${reason}): ${truncateMessage(data, WARN_SNIPPET_LENGTH)}`)

  return {
    transform(event, controller) {
      if (isDoneEvent(event)) return
      let payload: unknown
      try {
        payload = JSON.parse(event.data)
      } catch {
        return skip('not JSON', event.data)
      }
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return skip('not an object', event.data)
      const record = payload as Record<string, unknown>
      if (record.error != null) return controller.error(mapInBandError(record.error, provider))
      // Image generation events (`image_generation.partial_image`) are not chunks; they pass as sent.
      if (endpoint === 'images') return controller.enqueue(record as OpenAIChunk)
      const chunk = toChunk(endpoint, record, context)
      if (!chunk) return skip('not a chunk', event.data)
      let mapped: OpenAIChunk[]
      try {
        mapped = options.mapper ? options.mapper.map(chunk) : [chunk]
      } catch (error) {
        if (error instanceof GatewayError) return controller.error(error)
        return skip('could not be mapped', event.data)
      }
      for (const item of mapped) controller.enqueue(item)
    },
  }
}

/** Checks a payload and fills the fields some compatible servers leave out. */
function toChunk(endpoint: Endpoint, record: Record<string, unknown>, context: ResponseContext): OpenAIChunk | undefined {
  const parsed = v.safeParse(chunkSchema, record)
  if (!parsed.success) return undefined
  const chunk = parsed.output
  // A usage-only chunk without `choices` is still the usage chunk; anything else without them is not a chunk.
  if (!chunk.choices && !chunk.usage) return undefined
  const choices = (chunk.choices ?? []).map((choice, position) => ({ ...choice, index: choice.index ?? position }))
  return {
    ...chunk,
    id: chunk.id ?? context.id,
    object: chunk.object ?? (endpoint === 'completions' ? 'text_completion' : 'chat.completion.chunk'),
    created: chunk.created ?? context.created,
    model: chunk.model ?? String(context.body.model ?? ''),
    choices,
  }
}

/** The mapper as a stream stage (tests; the executor drives the mapper directly). */
export function createOpenAIStreamTransform(endpoint: Endpoint, context: ResponseContext, options: OpenAIStreamOptions = {}): TransformStream<SseEvent, OpenAIChunk> {
  return new TransformStream(openAIStreamMapper(endpoint, context, options))
}
