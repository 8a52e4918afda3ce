import { readFileSync } from 'node:fs'
import type { EndpointAdapter, Endpoint, OpenAIBody, OpenAIChunk, ResponseContext, Target } from '../../../providers/types'
import { cutStream, replaySse } from '../../helpers/rechunk'

/** Raw bytes of a fixture in test/fixtures/openai. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../fixtures/openai/${name}`, import.meta.url)))
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
  const { chunks, error } = await replaySse(cutStream(bytes, cuts), new TransformStream(adapter.streamTransform!(context)))
  return error === undefined ? { chunks, warnings } : { chunks, error, warnings }
}

/** The text of all content deltas of choice 0. */
export function contentOf(chunks: OpenAIChunk[]): string {
  return chunks.map((chunk) => (chunk.choices[0]?.delta as { content?: string } | undefined)?.content ?? '').join('')
}
