import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { OpenAIBody, ResponseContext, Target } from '../../../providers/types'

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
