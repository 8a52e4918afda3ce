import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { OpenAIBody, OpenAIChunk, ResponseContext, Target } from '../../../providers/types'
import { parseSseBody } from '../../../worker/http/sse'

const FIXTURES = fileURLToPath(new URL('../../fixtures/anthropic/', import.meta.url))

/** Raw bytes of a fixture in test/fixtures/anthropic. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + name))
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(readFileSync(FIXTURES + name, 'utf8'))
}

export function target(options: Target['options'] = {}): Target {
  return { path: 'config', provider: 'anthropic', apiKey: 'sk-ant-test', keySource: 'caller', options }
}

export type TestContext = ResponseContext & { warnings: string[] }

export function context(body: OpenAIBody = { model: 'claude-test' }, includeUsage = true): TestContext {
  const warnings: string[] = []
  return { endpoint: 'chat', body, target: target(), id: 'chatcmpl-local', created: 1730000000, includeUsage, warn: (message) => void warnings.push(message), warnings }
}

/** The ways a byte stream is cut for replay; each names where it cuts. */
export function chunkings(bytes: Uint8Array): Array<{ name: string; chunks: Uint8Array[]; cuts: number[] }> {
  const cutsAt = (cuts: number[]) => {
    const chunks: Uint8Array[] = []
    let start = 0
    for (const cut of [...cuts, bytes.length]) {
      if (cut > start) chunks.push(bytes.slice(start, cut))
      start = Math.max(start, cut)
    }
    return chunks
  }
  const insideCrlf: number[] = []
  const insideUtf8: number[] = []
  bytes.forEach((byte, index) => {
    if (byte === 13 && bytes[index + 1] === 10) insideCrlf.push(index + 1)
    if (byte >= 0xc0) insideUtf8.push(index + 1) // just after the lead byte of a multi-byte sequence
  })
  const everyByte = Array.from({ length: bytes.length }, (_, index) => index + 1)
  const everySeven = everyByte.filter((index) => index % 7 === 0)
  return [
    { name: 'whole', cuts: [] as number[] },
    { name: 'inside every CRLF', cuts: insideCrlf },
    { name: 'inside every multi-byte UTF-8 character', cuts: insideUtf8 },
    { name: 'every 7 bytes', cuts: everySeven },
    { name: 'every byte', cuts: everyByte },
  ].map(({ name, cuts }) => ({ name, cuts, chunks: cutsAt(cuts) }))
}

export interface Replayed {
  chunks: OpenAIChunk[]
  error?: unknown
}

/** Streams the chunks through TextDecoderStream, the SSE parser and the transform; collects output and error. */
export async function replay(chunks: Uint8Array[], transform: TransformStream<any, OpenAIChunk>): Promise<Replayed> {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk)
      controller.close()
    },
  })
  const output: OpenAIChunk[] = []
  const reader = parseSseBody(body).pipeThrough(transform).getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return { chunks: output }
      output.push(value)
    }
  } catch (error) {
    return { chunks: output, error }
  }
}

/** Joins the content deltas and assembles tool calls the way the OpenAI SDK accumulator does. */
export function assemble(chunks: OpenAIChunk[]) {
  let content = ''
  const toolCalls: Array<{ id?: string; type?: string; name: string; arguments: string }> = []
  let finishReason: string | null | undefined
  for (const chunk of chunks) {
    for (const choice of chunk.choices) {
      const delta = choice.delta as any
      if (typeof delta?.content === 'string') content += delta.content
      for (const call of delta?.tool_calls ?? []) {
        const entry = (toolCalls[call.index] ??= { name: '', arguments: '' })
        if (call.id) entry.id = call.id
        if (call.type) entry.type = call.type
        if (call.function?.name) entry.name += call.function.name
        if (call.function?.arguments) entry.arguments += call.function.arguments
      }
      if (choice.finish_reason) finishReason = choice.finish_reason
    }
  }
  return { content, toolCalls, finishReason, usage: chunks.find((chunk) => chunk.usage)?.usage }
}
