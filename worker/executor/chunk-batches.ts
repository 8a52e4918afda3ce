import type { ChunkSink, OpenAIChunk, ProviderAdapter, StreamMapper } from '../../providers/types'
import { GatewayError } from '../http/errors'
import { SseDecoder, type SseEvent } from '../http/sse'

/**
 * The chunks one network read produced, in order, and the error the provider reported after
 * them, if it did. Carrying the error in the batch (rather than erroring the stream) keeps the
 * chunks that came before it.
 */
export interface ChunkBatch {
  chunks: OpenAIChunk[]
  error?: GatewayError
}

/**
 * Turns an upstream stream body into batches of OpenAI chunks in a single stream stage: UTF-8
 * decoding, SSE parsing and the adapter's mapper all run synchronously per network read. A chain
 * of TransformStreams would cost several promise hops per event; this costs one per read. Once the
 * mapper reports an error, the rest of the body is ignored.
 */
export function chunkBatches(body: ReadableStream<Uint8Array>, adapter: ProviderAdapter, mapper: StreamMapper): ReadableStream<ChunkBatch> {
  const collector = new BatchCollector(mapper)
  if (adapter.decodeStream) {
    // Providers with their own framing (Bedrock's binary event stream) decode in their own stage.
    return adapter.decodeStream(body).pipeThrough(
      new TransformStream<SseEvent, ChunkBatch>({
        transform: (event, controller) => collector.deliver(controller, (emit) => emit(event)),
        flush: (controller) => collector.deliver(controller, () => {}, true),
      }),
    )
  }
  const decoder = new TextDecoder()
  const sse = new SseDecoder()
  return body.pipeThrough(
    new TransformStream<Uint8Array, ChunkBatch>({
      transform: (bytes, controller) => collector.deliver(controller, (emit) => sse.push(decoder.decode(bytes, { stream: true }), emit)),
      flush: (controller) =>
        collector.deliver(controller, (emit) => {
          sse.push(decoder.decode(), emit)
          sse.end(emit)
        }, true),
    }),
  )
}

class BatchCollector implements ChunkSink {
  private chunks: OpenAIChunk[] = []
  private failure: GatewayError | undefined
  private stopped = false

  constructor(private readonly mapper: StreamMapper) {}

  enqueue(chunk: OpenAIChunk): void {
    if (!this.failure) this.chunks.push(chunk)
  }

  error(reason: GatewayError): void {
    this.failure ??= reason
  }

  /** Feeds the events `produce` yields to the mapper (and its flush at the end), then passes on the batch. */
  deliver(controller: TransformStreamDefaultController<ChunkBatch>, produce: (emit: (event: SseEvent) => void) => void, last = false): void {
    if (this.stopped) return
    try {
      produce((event) => {
        if (!this.failure) this.mapper.transform(event, this)
      })
      if (last && !this.failure) this.mapper.flush?.(this)
    } catch (thrown) {
      this.failure ??= thrown instanceof GatewayError ? thrown : untranslatable()
    }
    if (this.chunks.length === 0 && !this.failure) return
    const batch: ChunkBatch = { chunks: this.chunks }
    if (this.failure) {
      batch.error = this.failure
      this.stopped = true
    }
    this.chunks = []
    controller.enqueue(batch)
  }
}

function untranslatable(): GatewayError {
  return new GatewayError(502, 'The provider sent a stream event the gateway could not translate.', { type: 'server_error', code: 'invalid_upstream_stream' })
}
