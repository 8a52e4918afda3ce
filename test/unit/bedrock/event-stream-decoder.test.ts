import { describe, expect, test } from 'vitest'
import { crc32 } from '../../../providers/bedrock/crc32'
import { EventStreamDecoder } from '../../../providers/bedrock/event-stream-decoder'
import { parseEventStreamHeaders } from '../../../providers/bedrock/event-stream-headers'
import { GatewayError } from '../../../worker/http/errors'
import type { SseEvent } from '../../../worker/http/sse'
import { collect, cutStream, decodeFrames } from '../../helpers/rechunk'
import { fixture } from './helpers'

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'))
// Vectors from smithy-typescript eventstream-codec TestVectors.fixture.ts.
const ALL_HEADERS = hex(
  '000000cc000000af0fae64ca0a6576656e742d74797065040000a00c0c636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0a626f6f6c2066616c73650109626f6f6c207472756500046279746502cf08627974652062756606001449276d2061206c6974746c6520746561706f74210974696d657374616d70080000000000845fed05696e74313603002a05696e7436340500000000028757b20475756964090102030405060708090a0b0c0d0e0f107b27666f6f273a27626172277daba5f10c',
)
const ONE_STRING_HEADER = hex('0000003d0000002007fd83960c636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e7b27666f6f273a27626172277d8d9c08b1')
const EMPTY_MESSAGE = hex('000000100000000005c248eb7d98c8ff')

const decode = (bytes: Uint8Array, cuts?: number[]) => collect(decodeFrames(cutStream(bytes, cuts), new EventStreamDecoder()))
const failure = (bytes: Uint8Array, cuts?: number[]) => decode(bytes, cuts).then(() => undefined, (error: unknown) => error)

describe('CRC32', () => {
  test('matches the IEEE check value and continues from a previous CRC', () => {
    const bytes = new TextEncoder().encode('123456789')
    expect(crc32(bytes)).toBe(0xcbf43926)
    expect(crc32(bytes.subarray(4), crc32(bytes.subarray(0, 4)))).toBe(0xcbf43926)
  })
})

describe('event-stream headers', () => {
  test('parses every header type of the all_headers vector', () => {
    const headers = parseEventStreamHeaders(ALL_HEADERS.subarray(12, 12 + 175))
    expect(headers.get('event-type')).toBe(40972)
    expect(headers.get('content-type')).toBe('application/json')
    expect(headers.get('bool false')).toBe(false)
    expect(headers.get('bool true')).toBe(true)
    expect(headers.get('byte')).toBe(-49)
    expect(new TextDecoder().decode(headers.get('byte buf') as Uint8Array)).toBe("I'm a little teapot!")
    expect(headers.get('timestamp')).toBe(8675309)
    expect(headers.get('int16')).toBe(42)
    expect(headers.get('int64')).toBe(42424242)
    expect([...(headers.get('uuid') as Uint8Array)]).toEqual([...Array(16).keys()].map((index) => index + 1))
  })
})

describe('event-stream decoder on the codec vectors', () => {
  test('decodes messages with and without headers', async () => {
    expect(await decode(ALL_HEADERS)).toEqual([{ event: '', data: "{'foo':'bar'}" }])
    expect(await decode(ONE_STRING_HEADER)).toEqual([{ event: '', data: "{'foo':'bar'}" }])
    expect(await decode(EMPTY_MESSAGE)).toEqual([{ event: '', data: '' }])
  })

  test('rejects a corrupted payload, header length and total length', async () => {
    const corruptPayload = ONE_STRING_HEADER.slice()
    corruptPayload[45] ^= 0x20
    const corruptHeaderLength = ONE_STRING_HEADER.slice()
    corruptHeaderLength[7] = 33
    const corruptLength = ONE_STRING_HEADER.slice()
    corruptLength[3] = 62
    for (const bytes of [corruptPayload, corruptHeaderLength, corruptLength]) {
      const error = await failure(bytes)
      expect(error).toBeInstanceOf(GatewayError)
      expect((error as GatewayError).status).toBe(502)
    }
  })
})

/** Offsets inside the first message of a fixture: prelude, a header, the payload. */
function awkwardCuts(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset)
  const total = view.getUint32(0)
  const headersLength = view.getUint32(4)
  return [5, 10, 12 + 7, 12 + headersLength - 3, 12 + headersLength + 4, total - 2, total + 1]
}

describe('event-stream decoder on ConverseStream fixtures', () => {
  const textEvents = async () => decode(fixture('text-stream.bin'))

  test('decodes every frame of a text stream into event type and JSON payload', async () => {
    const events = await textEvents()
    expect(events.map((event) => event.event)).toEqual(['messageStart', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata'])
    expect(JSON.parse(events[2].data).delta.text).toBe(' le monde 👋 — ça va ?')
  })

  test('gives the same events fed byte by byte', async () => {
    const bytes = fixture('text-stream.bin')
    expect(await decode(bytes, [...Array(bytes.length).keys()])).toEqual(await textEvents())
  })

  test('gives the same events cut inside the prelude, a header, the payload and the CRC', async () => {
    const bytes = fixture('tool-stream.bin')
    const whole = await decode(bytes)
    expect(whole).toHaveLength(12)
    expect(await decode(bytes, awkwardCuts(bytes))).toEqual(whole)
  })

  test('splits a multi-byte character across chunks without damage', async () => {
    const bytes = fixture('text-stream.bin')
    const emoji = Buffer.from(bytes).indexOf(Buffer.from('👋'))
    expect(emoji).toBeGreaterThan(0)
    expect(await decode(bytes, [emoji + 1, emoji + 2, emoji + 3])).toEqual(await textEvents())
  })

  test('marks exception frames with their :exception-type', async () => {
    const events: SseEvent[] = await decode(fixture('throttling-exception.bin'))
    expect(events).toEqual([{ event: 'exception:throttlingException', data: '{"message":"Too many requests, please wait before trying again."}' }])
  })

  test('marks error frames with :error-code and carries :error-message', async () => {
    expect(await decode(fixture('internal-error.bin'))).toEqual([{ event: 'error:InternalFailure', data: '{"message":"An internal error occurred."}' }])
  })

  test('errors the stream on a message CRC mismatch, after the good frames before it', async () => {
    const bytes = fixture('text-stream.bin')
    const secondStart = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0)
    bytes[secondStart + 30] ^= 0x01
    const received: SseEvent[] = []
    const reader = decodeFrames(cutStream(bytes), new EventStreamDecoder()).getReader()
    const error = await (async () => {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return undefined
        received.push(value)
      }
    })().catch((thrown) => thrown)
    expect(received.map((event) => event.event)).toEqual(['messageStart'])
    expect(error).toBeInstanceOf(GatewayError)
    expect((error as GatewayError).message).toContain('checksum')
  })

  test('errors the stream on a prelude CRC mismatch before waiting for the message', async () => {
    const bytes = fixture('text-stream.bin')
    bytes[9] ^= 0xff
    expect(((await failure(bytes.subarray(0, 12))) as GatewayError).message).toContain('prelude checksum')
  })

  test('errors when the body ends inside a message', async () => {
    const bytes = fixture('text-stream.bin')
    expect(((await failure(bytes.subarray(0, bytes.length - 5))) as GatewayError).message).toContain('ended inside a message')
  })
})
