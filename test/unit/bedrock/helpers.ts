import { readFileSync } from 'node:fs'
import type { OpenAIBody, OpenAIChunk, ResponseContext, Target } from '../../../providers/types'
import type { SseEvent } from '../../../worker/http/sse'
import { readAll, streamOf } from '../../helpers/rechunk'

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

/** Runs events through a transform; resolves with the chunks and the error it ended with, if any. */
export async function runTransform(events: SseEvent[], transform: TransformStream<SseEvent, OpenAIChunk>): Promise<{ chunks: OpenAIChunk[]; error?: unknown }> {
  const { items, error } = await readAll(streamOf(events).pipeThrough(transform))
  return error === undefined ? { chunks: items } : { chunks: items, error }
}
