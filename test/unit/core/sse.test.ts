import { describe, expect, test } from 'vitest'
import { isDoneEvent, sseDataText } from '../../../worker/http/sse'
import { awkwardCuts, collect, parseSseBody, splitAt, streamOf } from '../../helpers/rechunk'

const encoder = new TextEncoder()
const parse = (chunks: Uint8Array[]) => collect(parseSseBody(streamOf(chunks)))

describe('SSE parser', () => {
  const text = 'event: message_start\r\ndata: {"a":"é😀"}\r\n\r\n: keep-alive\r\n\r\ndata: line one\r\ndata: line two\r\n\r\nid: 7\ndata: {"b":2}\n\ndata: [DONE]\n\n'
  const expected = [
    { event: 'message_start', data: '{"a":"é😀"}' },
    { data: 'line one\nline two' },
    { id: '7', data: '{"b":2}' },
    { id: '7', data: '[DONE]' }, // the last event id persists, per the spec
  ]

  test('parses events with CRLF and LF endings, joins data lines and skips comments', async () => {
    expect(await parse([encoder.encode(text)])).toEqual(expected)
  })

  test('gives the same events when chunks split inside CRLF and inside multi-byte characters', async () => {
    const bytes = encoder.encode(text)
    for (const step of [1, 2, 3, 5, 11]) {
      expect(await parse(splitAt(bytes, awkwardCuts(bytes, step)))).toEqual(expected)
    }
  })

  test('treats a lone CR as a line ending, also when it ends a chunk', async () => {
    const events = await parse([encoder.encode('data: a\r'), encoder.encode('\rdata: b\r\r')])
    expect(events).toEqual([{ data: 'a' }, { data: 'b' }])
  })

  test('delivers the last event of a stream that ends without a blank line', async () => {
    expect(await parse([encoder.encode('data: {"x":1}\n\ndata: {"y":2}')])).toEqual([{ data: '{"x":1}' }, { data: '{"y":2}' }])
  })

  test('accepts a field without a space after the colon', async () => {
    expect(await parse([encoder.encode('data:{"x":1}\n\n')])).toEqual([{ data: '{"x":1}' }])
  })

  test('recognises [DONE] and encodes data events', () => {
    expect(isDoneEvent({ data: '[DONE]' })).toBe(true)
    expect(isDoneEvent({ data: '{"done":true}' })).toBe(false)
    expect(sseDataText({ a: 1 })).toBe('data: {"a":1}\n\n')
  })
})
