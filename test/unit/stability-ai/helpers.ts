import { stabilityAdapter } from '../../../providers/stability-ai'
import type { OpenAIBody, ResponseContext, Target } from '../../../providers/types'

export const target: Target = { path: 'config', provider: 'stability-ai', apiKey: 'sk-stab-test', keySource: 'caller', options: {} }
export const images = stabilityAdapter.endpoints.images!

export function makeContext(body: OpenAIBody): ResponseContext {
  return { endpoint: 'images', body, target, id: 'img-gateway', created: 1_730_000_000, includeUsage: false, warn: () => {} }
}

/** The fields of a FormData body as plain strings. */
export function formFields(body: unknown): Record<string, string> {
  if (!(body instanceof FormData)) throw new Error('expected a FormData body')
  return Object.fromEntries(Array.from(body.entries(), ([name, value]) => [name, String(value)]))
}
