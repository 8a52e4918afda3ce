import { crc32 } from 'node:zlib'

/**
 * Encodes one AWS event-stream message with string headers (type 7), independently of the
 * adapter's decoder: prelude (total length, headers length, CRC32 of those 8 bytes), headers,
 * payload, CRC32 of everything before it. Uses node's zlib CRC32.
 */
export function encodeEventStreamMessage(headers: Record<string, string>, payload: string | Uint8Array): Uint8Array {
  const headerBytes = Buffer.concat(
    Object.entries(headers).map(([name, value]) => {
      const nameBytes = Buffer.from(name, 'utf8')
      const valueBytes = Buffer.from(value, 'utf8')
      const header = Buffer.alloc(1 + nameBytes.length + 3 + valueBytes.length)
      header.writeUInt8(nameBytes.length, 0)
      nameBytes.copy(header, 1)
      header.writeUInt8(7, 1 + nameBytes.length)
      header.writeUInt16BE(valueBytes.length, 2 + nameBytes.length)
      valueBytes.copy(header, 4 + nameBytes.length)
      return header
    }),
  )
  const body = Buffer.from(payload)
  const total = 16 + headerBytes.length + body.length
  const message = Buffer.alloc(total)
  message.writeUInt32BE(total, 0)
  message.writeUInt32BE(headerBytes.length, 4)
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8)
  headerBytes.copy(message, 12)
  body.copy(message, 12 + headerBytes.length)
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4)
  return new Uint8Array(message.buffer, message.byteOffset, message.byteLength)
}

// Bedrock pads event payloads with a "p" field of varying length so sizes leak nothing.
const PADDING = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
let paddingCounter = 0

/** A ConverseStream event frame (`:message-type` event) with the payload as JSON. */
export function eventFrame(eventType: string, payload: Record<string, unknown>): Uint8Array {
  const p = PADDING.slice(0, 4 + (paddingCounter++ % 40))
  return encodeEventStreamMessage(
    { ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' },
    JSON.stringify({ ...payload, p }),
  )
}

/** An exception frame (`:message-type` exception) such as throttlingException. */
export function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  return encodeEventStreamMessage(
    { ':exception-type': exceptionType, ':content-type': 'application/json', ':message-type': 'exception' },
    JSON.stringify({ message }),
  )
}
