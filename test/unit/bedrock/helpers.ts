import { readFileSync } from 'node:fs'
import type { OpenAIBody, OpenAIChunk, ResponseContext, Target } from '../../../providers/types'
import type { SseEvent } from '../../../worker/http/sse'

/** A ResponseContext for unit tests; warnings are collected in `warnings`. */
export function makeContext(body: OpenAIBody, overrides: Partial<ResponseContext> = {}): ResponseContext & { warnings: string[] } {
  const warnings: string[] = []
  return {
    endpoint: 'chat',
    body,
    target: makeTarget(),
    id: 'chatcmpl-test',
    created: 1_700_000_000,
    includeUsage: false,
    warn: (message) => void warnings.push(message),
    warnings,
    ...overrides,
  }
}

export function makeTarget(options: Target['options'] = {}, apiKey?: string): Target {
  return { path: 'config', provider: 'bedrock', keySource: apiKey ? 'caller' : 'none', apiKey, options }
}

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../fixtures/bedrock/${name}`, import.meta.url)))
}

/** A byte stream delivering `bytes` in pieces cut at `cuts` (sorted offsets). */
export function streamOf(bytes: Uint8Array, cuts: number[] = []): ReadableStream<Uint8Array> {
  const bounds = [0, ...cuts.filter((cut) => cut > 0 && cut < bytes.length), bytes.length]
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i + 1 < bounds.length; i++) controller.enqueue(bytes.slice(bounds[i], bounds[i + 1]))
      controller.close()
    },
  })
}

export async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = []
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return out
    out.push(value)
  }
}

/** Runs events through a transform; resolves with the chunks and the error it ended with, if any. */
export async function runTransform(events: SseEvent[], transform: TransformStream<SseEvent, OpenAIChunk>): Promise<{ chunks: OpenAIChunk[]; error?: unknown }> {
  const chunks: OpenAIChunk[] = []
  const source = new ReadableStream<SseEvent>({
    start(controller) {
      for (const event of events) controller.enqueue(event)
      controller.close()
    },
  })
  const reader = source.pipeThrough(transform).getReader()
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
