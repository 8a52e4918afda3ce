import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseSseBody } from '../../../worker/http/sse'
import type { OpenAIBody, OpenAIChunk, ResponseContext, Target } from '../../../providers/types'

export const target: Target = { path: 'config', provider: 'cohere', apiKey: 'co-test-key', keySource: 'caller', options: {} }

/** A response context as the executor builds it; warnings are collected in `warnings`. */
export function makeContext(body: OpenAIBody, options: { includeUsage?: boolean; endpoint?: ResponseContext['endpoint'] } = {}) {
  const warnings: string[] = []
  const context: ResponseContext = {
    endpoint: options.endpoint ?? 'chat',
    body,
    target,
    id: 'chatcmpl-gateway',
    created: 1_730_000_000,
    includeUsage: options.includeUsage ?? false,
    warn: (message) => void warnings.push(message),
  }
  return { context, warnings }
}

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/cohere/${name}`, import.meta.url))))
}

/** A byte stream delivering `bytes` cut at the given offsets. */
export function streamOf(bytes: Uint8Array, cuts: number[] = []): ReadableStream<Uint8Array> {
  const points = [0, ...cuts.filter((cut) => cut > 0 && cut < bytes.length).sort((a, b) => a - b), bytes.length]
  return new ReadableStream({
    start(controller) {
      for (let index = 1; index < points.length; index++) controller.enqueue(bytes.slice(points[index - 1], points[index]))
      controller.close()
    },
  })
}

/** Runs a raw SSE body through the SSE parser and a transform; collects chunks and the error, if any. */
export async function runStream(
  body: ReadableStream<Uint8Array>,
  transform: TransformStream<any, OpenAIChunk>,
): Promise<{ chunks: OpenAIChunk[]; error?: unknown }> {
  const chunks: OpenAIChunk[] = []
  const reader = parseSseBody(body).pipeThrough(transform).getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return { chunks }
      chunks.push(value)
    }
  } catch (error) {
    return { chunks, error }
  }
}

/** Offsets that fall between the CR and LF of a CRLF, and inside multi-byte UTF-8 sequences. */
export function awkwardOffsets(bytes: Uint8Array): { insideCrlf: number[]; insideUtf8: number[] } {
  const insideCrlf: number[] = []
  const insideUtf8: number[] = []
  for (let index = 1; index < bytes.length; index++) {
    if (bytes[index - 1] === 13 && bytes[index] === 10) insideCrlf.push(index)
    if ((bytes[index] & 0xc0) === 0x80) insideUtf8.push(index) // a continuation byte: the cut splits a character
  }
  return { insideCrlf, insideUtf8 }
}

/** Sends what an adapter asks for to an emulator, the way the executor does (auth, JSON header). */
export async function sendUpstream(
  baseUrl: string,
  adapter: import('../../../providers/types').ProviderAdapter,
  endpoint: 'chat' | 'embeddings',
  body: OpenAIBody,
  apiKey = target.apiKey,
): Promise<Response> {
  const upstream = adapter.endpoints[endpoint]!.toUpstream(body, target)
  const headers = new Headers(upstream.headers)
  if (typeof upstream.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json')
  const signable = { url: new URL(baseUrl + upstream.path), method: upstream.method, headers, body: upstream.body }
  await adapter.authenticate(signable, { ...target, apiKey }, { fetch, now: Date.now })
  return fetch(signable.url, { method: signable.method, headers: signable.headers, body: signable.body as BodyInit })
}
