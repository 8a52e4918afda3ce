import { describe, expect, it } from 'vitest'
import { meterResponse, tapStreamUsage } from '../../../worker/auth/usage-meter'

const SSE = [
  'data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Hé"}}]}\r\n\r\n',
  'data: {"id":"c1","choices":[{"index":0,"delta":{"content":"llo 👋"},"finish_reason":"stop"}]}\r\n\r\n',
  'data: {"id":"c1","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":7,"total_tokens":18}}\r\n\r\n',
  'data: [DONE]\r\n\r\n',
].join('')

function streamOf(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (let offset = 0; offset < bytes.length; offset += size) controller.enqueue(bytes.slice(offset, offset + size))
      controller.close()
    },
  })
}

describe('tapStreamUsage', () => {
  it('passes the stream through byte for byte and reports usage.total_tokens, however it is chunked', async () => {
    const bytes = new TextEncoder().encode(SSE)
    for (const size of [1, 2, 3, 5, 7, 64, bytes.length]) {
      let reported: number | undefined = -1
      const tapped = tapStreamUsage(streamOf(bytes, size), (tokens) => (reported = tokens))
      expect(await new Response(tapped).text()).toBe(SSE)
      expect(reported).toBe(18)
    }
  })

  it('reports undefined for a stream without usage', async () => {
    let reported: number | undefined = -1
    await new Response(tapStreamUsage(streamOf(new TextEncoder().encode('data: {"choices":[]}\n\ndata: [DONE]\n\n'), 4), (tokens) => (reported = tokens))).text()
    expect(reported).toBeUndefined()
  })
})

describe('meterResponse', () => {
  it('adds the headers and reports the usage of a JSON answer', async () => {
    const reports: number[] = []
    const answer = new Response('{"usage":{"total_tokens":42}}', { headers: { 'content-type': 'application/json' } })
    const response = await meterResponse(answer, { 'x-ratelimit-remaining-requests': '4' }, (tokens) => reports.push(tokens), 'chat')
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('4')
    expect(await response.text()).toBe('{"usage":{"total_tokens":42}}')
    expect(reports).toEqual([42])
  })

  it('reports no tokens for an error answer, and keeps the up-front charge when usage is absent', async () => {
    const reports: number[] = []
    await meterResponse(new Response('{"error":{}}', { status: 502, headers: { 'content-type': 'application/json' } }), {}, (tokens) => reports.push(tokens), 'chat')
    await meterResponse(new Response('{"data":[]}', { headers: { 'content-type': 'application/json' } }), {}, (tokens) => reports.push(tokens), 'images')
    expect(reports).toEqual([0])
  })
})
