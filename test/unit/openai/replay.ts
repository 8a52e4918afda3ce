import { readFileSync } from 'node:fs'
import type { EndpointAdapter, Endpoint, OpenAIBody, OpenAIChunk, ResponseContext, Target } from '../../../providers/types'
import { parseSseBody } from '../../../worker/http/sse'

/** Raw bytes of a fixture in test/fixtures/openai. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../fixtures/openai/${name}`, import.meta.url)))
}

/** A body stream delivering `bytes` in pieces cut at `cuts` (sorted byte offsets). */
export function streamOf(bytes: Uint8Array, cuts: number[] = []): ReadableStream<Uint8Array> {
  const edges = [0, ...cuts.filter((cut) => cut > 0 && cut < bytes.length), bytes.length]
  let next = 0
  return new ReadableStream({
    pull(controller) {
      if (next >= edges.length - 1) return controller.close()
      controller.enqueue(bytes.slice(edges[next], edges[next + 1]))
      next++
    },
  })
}

/** Ways to cut a body that break naive parsers: every byte, inside each CRLF, inside each multi-byte character. */
export function awkwardCuts(bytes: Uint8Array): Array<{ name: string; cuts: number[] }> {
  const everyByte = Array.from({ length: bytes.length - 1 }, (_, index) => index + 1)
  const insideCrlf = everyByte.filter((cut) => bytes[cut - 1] === 13 && bytes[cut] === 10)
  // A byte 10xxxxxx continues a UTF-8 sequence: cutting before it splits a character.
  const insideCharacter = everyByte.filter((cut) => (bytes[cut] & 0xc0) === 0x80)
  const everySeven = everyByte.filter((cut) => cut % 7 === 0)
  return [
    { name: 'one byte at a time', cuts: everyByte },
    { name: 'inside every CRLF', cuts: insideCrlf },
    { name: 'inside every multi-byte character', cuts: insideCharacter },
    { name: 'every 7 bytes', cuts: everySeven },
  ]
}

export const TEST_TARGET: Target = { path: 'config', provider: 'openai', apiKey: 'sk-test', keySource: 'caller', options: {} }

/** A ResponseContext that records warnings. */
export function makeContext(endpoint: Endpoint, body: OpenAIBody = { model: 'gpt-4o-mini' }, includeUsage = false, target: Target = TEST_TARGET) {
  const warnings: string[] = []
  const context: ResponseContext = { endpoint, body, target, id: 'chatcmpl-gateway', created: 1_800_000_000, includeUsage, warn: (message) => void warnings.push(message) }
  return { context, warnings }
}

export interface Replay {
  chunks: OpenAIChunk[]
  error?: unknown
  warnings: string[]
}

/** Runs a body through parseSseBody and the adapter's stream transform, collecting chunks and the error. */
export async function replay(adapter: EndpointAdapter, bytes: Uint8Array, cuts: number[], endpoint: Endpoint = 'chat', body?: OpenAIBody, includeUsage = false): Promise<Replay> {
  const { context, warnings } = makeContext(endpoint, body, includeUsage)
  const reader = parseSseBody(streamOf(bytes, cuts)).pipeThrough(adapter.streamTransform!(context)).getReader()
  const chunks: OpenAIChunk[] = []
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
    }
  } catch (error) {
    return { chunks, error, warnings }
  }
  return { chunks, warnings }
}

/** The text of all content deltas of choice 0. */
export function contentOf(chunks: OpenAIChunk[]): string {
  return chunks.map((chunk) => (chunk.choices[0]?.delta as { content?: string } | undefined)?.content ?? '').join('')
}
