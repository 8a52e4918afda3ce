import { expect, test } from 'vitest'
import { SseDecoder, type SseEvent } from '../../../worker/http/sse'

function decode(chunks: string[]): SseEvent[] {
  const decoder = new SseDecoder()
  const events: SseEvent[] = []
  for (const chunk of chunks) decoder.push(chunk, (event) => events.push(event))
  decoder.end((event) => events.push(event))
  return events
}

// A fixed-seed generator: the same 3,000 cases on every run.
function generator(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
}

test('yields the same events however the text is cut (CR, LF and CRLF endings, long lines, multi-byte text)', () => {
  const random = generator(7)
  const lines = ['data: x', 'data:y', 'event: e', ': comment', 'id: 1', '', '', 'foo', 'data: {"a":1}', 'data: é漢🙂', 'data', 'retry: 5', `data: ${'z'.repeat(300)}`]
  const endings = ['\n', '\r', '\r\n', '\n', '\n']
  for (let round = 0; round < 3000; round++) {
    let text = ''
    const count = 1 + Math.floor(random() * 30)
    for (let i = 0; i < count; i++) text += lines[Math.floor(random() * lines.length)] + endings[Math.floor(random() * endings.length)]
    if (random() < 0.3) text = text.slice(0, Math.floor(random() * text.length))
    const chunks: string[] = []
    for (let at = 0; at < text.length; ) {
      const size = 1 + Math.floor(random() * (random() < 0.5 ? 4 : 80))
      chunks.push(text.slice(at, at + size))
      at += size
    }
    expect(decode(chunks)).toEqual(decode([text]))
  }
})

test('finds the end of a long line arriving in many pieces, and holds a CR cut from its LF', () => {
  const long = 'x'.repeat(100_000)
  const pieces = [`data: ${long.slice(0, 40_000)}`, long.slice(40_000, 70_000), `${long.slice(70_000)}\r`, '\n\r', '\n']
  expect(decode(pieces)).toEqual([{ data: long }])
})
