import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { OpenAIBody, ResponseContext, Target } from '../../../providers/types'

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

/** The request body an adapter built, parsed. */
export function sentBody(request: { body?: unknown }): any {
  return JSON.parse(String(request.body))
}
