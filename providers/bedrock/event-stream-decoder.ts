import type { FrameDecoder } from '../types'
import type { SseEvent } from '../../worker/http/sse'
import { GatewayError } from '../../worker/http/errors'
import { crc32 } from './crc32'
import { parseEventStreamHeaders } from './event-stream-headers'

/** Event names of `:message-type` exception / error frames start with these. */
export const EXCEPTION_PREFIX = 'exception:'
export const ERROR_PREFIX = 'error:'

const PRELUDE_LENGTH = 12
const MINIMUM_MESSAGE_LENGTH = 16
// The AWS event-stream codecs cap a message at 16 MiB; a larger length means a corrupt prelude.
const MAXIMUM_MESSAGE_LENGTH = 16 * 1024 * 1024
const decoder = new TextDecoder()

/**
 * Decodes an `application/vnd.amazon.eventstream` body into events: each binary message
 * (prelude: total length u32, headers length u32, prelude CRC32; headers; payload; message
 * CRC32 over everything before it) becomes `{ event: :event-type, data: payload text }`.
 * Exception frames become `exception:<:exception-type>`, error frames `error:<:error-code>` with
 * `{"message": :error-message}`. Holds at most one message in memory; a checksum mismatch or a
 * body ending inside a message throws. Synchronous, so that the executor decodes, translates and
 * renders one network read in one step (the adapter's `frameDecoder`).
 * @see https://github.com/smithy-lang/smithy-typescript/blob/main/packages/eventstream-codec/src/EventStreamCodec.ts
 */
export class EventStreamDecoder implements FrameDecoder {
  private readonly pending = new ByteQueue()
  /** Known once a prelude has been read and checked. */
  private messageLength = 0

  push(chunk: Uint8Array, emit: (event: SseEvent) => void): void {
    const pending = this.pending
    pending.push(chunk)
    for (;;) {
      if (this.messageLength === 0) {
        if (pending.length < PRELUDE_LENGTH) return
        this.messageLength = readPrelude(pending.peek(PRELUDE_LENGTH))
      }
      if (pending.length < this.messageLength) return
      const message = pending.take(this.messageLength)
      this.messageLength = 0
      emit(decodeMessage(message))
    }
  }

  end(): void {
    if (this.pending.length > 0) throw corrupt('the body ended inside a message')
  }
}

function readPrelude(prelude: Uint8Array): number {
  const view = new DataView(prelude.buffer, prelude.byteOffset, PRELUDE_LENGTH)
  if (crc32(prelude.subarray(0, 8)) !== view.getUint32(8)) throw corrupt('prelude checksum mismatch')
  const total = view.getUint32(0)
  const headersLength = view.getUint32(4)
  if (total < MINIMUM_MESSAGE_LENGTH || total > MAXIMUM_MESSAGE_LENGTH || headersLength > total - MINIMUM_MESSAGE_LENGTH) {
    throw corrupt(`impossible message length ${total} (headers ${headersLength})`)
  }
  return total
}

function decodeMessage(message: Uint8Array): SseEvent {
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength)
  const end = message.length - 4
  if (crc32(message.subarray(0, end)) !== view.getUint32(end)) throw corrupt('message checksum mismatch')
  const headersEnd = PRELUDE_LENGTH + view.getUint32(4)
  let headers: ReturnType<typeof parseEventStreamHeaders>
  try {
    headers = parseEventStreamHeaders(message.subarray(PRELUDE_LENGTH, headersEnd))
  } catch (error) {
    throw corrupt((error as Error).message)
  }
  const text = (name: string) => {
    const value = headers.get(name)
    return typeof value === 'string' ? value : ''
  }
  const data = decoder.decode(message.subarray(headersEnd, end))
  switch (text(':message-type') || 'event') {
    case 'exception':
      return { event: EXCEPTION_PREFIX + text(':exception-type'), data }
    case 'error':
      return { event: ERROR_PREFIX + (text(':error-code') || 'UnknownError'), data: data || JSON.stringify({ message: text(':error-message') }) }
    default:
      return { event: text(':event-type'), data }
  }
}

function corrupt(reason: string): GatewayError {
  return new GatewayError(502, `Bedrock sent a corrupt event stream: ${reason}.`, { provider: 'bedrock', code: 'upstream_stream_corrupt', retryable: true })
}

/** Received bytes not yet decoded; copies only when a prelude or a whole message is taken. */
class ByteQueue {
  private chunks: Uint8Array[] = []
  length = 0

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    this.chunks.push(chunk)
    this.length += chunk.length
  }

  peek(count: number): Uint8Array {
    const first = this.chunks[0]
    if (first.length >= count) return first.subarray(0, count)
    const out = new Uint8Array(count)
    let filled = 0
    for (const chunk of this.chunks) {
      const part = chunk.subarray(0, count - filled)
      out.set(part, filled)
      filled += part.length
      if (filled === count) break
    }
    return out
  }

  take(count: number): Uint8Array {
    const out = this.peek(count)
    let remaining = count
    let index = 0
    while (remaining > 0 && this.chunks[index].length <= remaining) remaining -= this.chunks[index++].length
    // One splice however many small chunks the message spanned (byte-sized reads stay linear).
    this.chunks = this.chunks.slice(index)
    if (remaining > 0) this.chunks[0] = this.chunks[0].subarray(remaining)
    this.length -= count
    return out
  }
}
