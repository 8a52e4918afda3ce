import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { OpenAIBody, OpenAIChunk, ResponseContext, Target } from '../../../providers/types'
import { parseSseBody } from '../../../worker/http/sse'
import { awkwardCuts, collect, splitAt, streamOf } from '../../helpers/rechunk'

const FIXTURES = fileURLToPath(new URL('../../fixtures/google/', import.meta.url))

/** Raw bytes of a fixture in test/fixtures/google. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + name))
}

export function fixtureJson(name: string): any {
  return JSON.parse(readFileSync(FIXTURES + name, 'utf8'))
}

export function target(options: Target['options'] = {}, provider = 'google'): Target {
  return { path: 'config', provider, apiKey: 'AIza-test-key', keySource: 'caller', options }
}

export type TestContext = ResponseContext & { warnings: string[] }

export function context(body: OpenAIBody = { model: 'gemini-2.5-flash' }, includeUsage = true, provider = 'google'): TestContext {
  const warnings: string[] = []
  return { endpoint: 'chat', body, target: target({}, provider), id: 'chatcmpl-local', created: 1730000000, includeUsage, warn: (message) => void warnings.push(message), warnings }
}

/** The ways a fixture is cut for replay: whole, and at awkward boundaries (inside CRLF, inside UTF-8). */
export function chunkings(bytes: Uint8Array): Array<{ name: string; chunks: Uint8Array[] }> {
  const insideUtf8 = awkwardCuts(bytes, bytes.length + 1)
  return [
    { name: 'whole', chunks: [bytes] },
    { name: 'at awkward boundaries (CRLF, UTF-8, every 7 bytes)', chunks: splitAt(bytes, awkwardCuts(bytes)) },
    { name: 'inside every multi-byte character and CRLF only', chunks: splitAt(bytes, insideUtf8) },
    { name: 'byte by byte', chunks: splitAt(bytes, Array.from({ length: bytes.length }, (_, index) => index)) },
  ]
}

export interface Replayed {
  chunks: OpenAIChunk[]
  error?: unknown
}

/** Runs byte chunks through the SSE parser and a stream transform, as the executor does. */
export async function replay(chunks: Uint8Array[], transform: TransformStream<any, OpenAIChunk>): Promise<Replayed> {
  const out: OpenAIChunk[] = []
  const reader = parseSseBody(streamOf(chunks)).pipeThrough(transform).getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return { chunks: out }
      out.push(value)
    }
  } catch (error) {
    return { chunks: out, error }
  }
}

export { collect }

/** The request body an adapter built, parsed. */
export function sentBody(request: { body?: unknown }): any {
  return JSON.parse(String(request.body))
}
