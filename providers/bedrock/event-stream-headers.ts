const decoder = new TextDecoder()

/** A header value: strings as text, other types as what the decoder needs of them. */
export type HeaderValue = string | number | boolean | Uint8Array

/**
 * Parses the headers section of an event-stream message: name length (u8), name, type (u8),
 * value. Types: 0 true, 1 false, 2 byte, 3 short, 4 int, 5 long, 6 bytes (u16 length),
 * 7 string (u16 length), 8 timestamp (i64 ms), 9 uuid (16 bytes). Big-endian throughout.
 * Throws on an unknown type or a header running past the section.
 * @see https://github.com/smithy-lang/smithy-typescript/blob/main/packages/eventstream-codec/src/HeaderMarshaller.ts
 */
export function parseEventStreamHeaders(bytes: Uint8Array): Map<string, HeaderValue> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const headers = new Map<string, HeaderValue>()
  let position = 0
  const need = (count: number) => {
    if (position + count > bytes.length) throw new RangeError('an event-stream header runs past the headers section')
  }
  while (position < bytes.length) {
    const nameLength = view.getUint8(position++)
    need(nameLength + 1)
    const name = decoder.decode(bytes.subarray(position, position + nameLength))
    position += nameLength
    const type = view.getUint8(position++)
    switch (type) {
      case 0:
      case 1:
        headers.set(name, type === 0)
        break
      case 2:
        need(1)
        headers.set(name, view.getInt8(position))
        position += 1
        break
      case 3:
        need(2)
        headers.set(name, view.getInt16(position))
        position += 2
        break
      case 4:
        need(4)
        headers.set(name, view.getInt32(position))
        position += 4
        break
      case 5:
      case 8:
        need(8)
        headers.set(name, Number(view.getBigInt64(position)))
        position += 8
        break
      case 6:
      case 7: {
        need(2)
        const length = view.getUint16(position)
        position += 2
        need(length)
        const value = bytes.subarray(position, position + length)
        headers.set(name, type === 7 ? decoder.decode(value) : value)
        position += length
        break
      }
      case 9:
        need(16)
        headers.set(name, bytes.subarray(position, position + 16))
        position += 16
        break
      default:
        throw new RangeError(`unknown event-stream header type ${type}`)
    }
  }
  return headers
}
