import type { FrameDecoder } from '../../providers/types'
import type { BatchSource, ChunkBatch } from '../../worker/executor/chunk-batches'
import { SseFrameDecoder, type SseEvent } from '../../worker/http/sse'

/** Splits bytes into chunks at the given cut points (byte offsets), for awkward-boundary replays. */
export function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.filter((cut) => cut > 0 && cut < bytes.length))].sort((a, b) => a - b)
  const chunks: Uint8Array[] = []
  let start = 0
  for (const point of points) {
    chunks.push(bytes.slice(start, point))
    start = point
  }
  chunks.push(bytes.slice(start))
  return chunks
}

/**
 * Cut points that land inside CRLF pairs and inside multi-byte UTF-8 sequences, plus every
 * `step`th byte: the boundaries a network really produces and parsers most often get wrong.
 */
export function awkwardCuts(bytes: Uint8Array, step = 7): number[] {
  const cuts: number[] = []
  for (let index = 1; index < bytes.length; index++) {
    const byte = bytes[index]
    if (bytes[index - 1] === 13 && byte === 10) cuts.push(index) // between CR and LF
    if ((byte & 0xc0) === 0x80) cuts.push(index) // inside a multi-byte UTF-8 sequence
    if (index % step === 0) cuts.push(index)
  }
  return cuts
}

/** A stream that delivers the chunks (bytes, or events) one by one. */
export function streamOf<T = Uint8Array>(chunks: T[]): ReadableStream<T> {
  let index = 0
  return new ReadableStream<T>({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(chunks[index++])
      else controller.close()
    },
  })
}

/** Reads a whole stream into an array. */
export async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const items: T[] = []
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return items
    items.push(value)
  }
}

/** A byte stream delivering `bytes` cut at the given offsets. */
export function cutStream(bytes: Uint8Array, cuts: number[] = []): ReadableStream<Uint8Array> {
  return streamOf(splitAt(bytes, cuts))
}

/** One way of cutting a body: its name, the offsets and the resulting chunks. */
export interface Chunking {
  name: string
  cuts: number[]
  chunks: Uint8Array[]
}

/**
 * The ways every stream fixture is replayed: whole, inside every CRLF, inside every multi-byte
 * UTF-8 character, every 7 bytes, and one byte at a time.
 */
export function chunkings(bytes: Uint8Array): Chunking[] {
  const everyByte = Array.from({ length: bytes.length - 1 }, (_, index) => index + 1)
  const sets: Array<[string, number[]]> = [
    ['whole', []],
    ['inside every CRLF', everyByte.filter((cut) => bytes[cut - 1] === 13 && bytes[cut] === 10)],
    // A byte 10xxxxxx continues a UTF-8 sequence: cutting before it splits a character.
    ['inside every multi-byte UTF-8 character', everyByte.filter((cut) => (bytes[cut] & 0xc0) === 0x80)],
    ['every 7 bytes', everyByte.filter((cut) => cut % 7 === 0)],
    ['one byte at a time', everyByte],
  ]
  return sets.map(([name, cuts]) => ({ name, cuts, chunks: splitAt(bytes, cuts) }))
}

/** Reads a whole stream; resolves with what it delivered and the error it ended with, if any. */
export function readAll<T>(stream: ReadableStream<T>): Promise<{ items: T[]; error?: unknown }> {
  return readEvery(stream.getReader())
}

async function readEvery<T>(reader: { read(): Promise<ReadableStreamReadResult<T>> }): Promise<{ items: T[]; error?: unknown }> {
  const items: T[] = []
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return { items }
      items.push(value)
    }
  } catch (error) {
    return { items, error }
  }
}

/**
 * Runs a raw SSE body (a stream, or its chunks in order) through the SSE parser and a stream
 * transform, as the executor does; resolves with the chunks and the error the stream ended with.
 */
export async function replaySse<T>(body: ReadableStream<Uint8Array> | Uint8Array[], transform: TransformStream<SseEvent, T>): Promise<{ chunks: T[]; error?: unknown }> {
  const source = Array.isArray(body) ? streamOf(body) : body
  const { items, error } = await readAll(parseSseBody(source).pipeThrough(transform))
  return error === undefined ? { chunks: items } : { chunks: items, error }
}

/** A body decoded by a frame decoder, as a stream of events (errors as the decoder throws them). */
export function decodeFrames(body: ReadableStream<Uint8Array>, frames: FrameDecoder): ReadableStream<SseEvent> {
  return body.pipeThrough(
    new TransformStream<Uint8Array, SseEvent>({
      transform: (bytes, controller) => frames.push(bytes, (event) => controller.enqueue(event)),
      flush: (controller) => frames.end((event) => controller.enqueue(event)),
    }),
  )
}

/** Parses a UTF-8 SSE body into events, with the executor's own decoder. */
export function parseSseBody(body: ReadableStream<Uint8Array>): ReadableStream<SseEvent> {
  return decodeFrames(body, new SseFrameDecoder())
}

/** Reads every batch a batch source gives; resolves with them and the error it broke with, if any. */
export function readBatches(source: BatchSource): Promise<{ items: ChunkBatch[]; error?: unknown }> {
  return readEvery(source)
}
