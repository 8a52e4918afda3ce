import { stabilityAdapter } from '../../../providers/stability-ai'
import type { OpenAIBody, ResponseContext, Target, UpstreamRequest } from '../../../providers/types'

export const target: Target = { path: 'config', provider: 'stability-ai', apiKey: 'sk-stab-test', keySource: 'caller', options: {} }
export const images = stabilityAdapter.endpoints.images!

export function makeContext(body: OpenAIBody): ResponseContext {
  return { endpoint: 'images', body, target, id: 'img-gateway', created: 1_730_000_000, includeUsage: false, warn: () => {} }
}

/**
 * Sends an adapter's UpstreamRequest to a server the way the executor does: one init (the same
 * FormData or string body) fetched `parallel` times; JSON bodies parsed and handed to fromUpstream.
 */
export async function sendUpstream(baseUrl: string, upstream: UpstreamRequest, apiKey = target.apiKey): Promise<{ responses: Response[]; json?: unknown }> {
  const headers = new Headers(upstream.headers)
  if (typeof upstream.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json')
  const signable = { url: new URL(baseUrl + upstream.path), method: upstream.method, headers, body: upstream.body }
  await stabilityAdapter.authenticate(signable, { ...target, apiKey }, { fetch, now: Date.now })
  const init: RequestInit = { method: signable.method, headers: signable.headers, body: signable.body as BodyInit }
  const count = upstream.parallel && upstream.parallel > 1 ? upstream.parallel : 1
  const responses = await Promise.all(Array.from({ length: count }, () => fetch(signable.url, init)))
  if (responses.some((response) => !response.ok)) return { responses }
  const parsed = await Promise.all(responses.map((response) => response.json()))
  return { responses, json: count > 1 ? parsed : parsed[0] }
}

/** The fields of a FormData body as plain strings. */
export function formFields(body: unknown): Record<string, string> {
  if (!(body instanceof FormData)) throw new Error('expected a FormData body')
  return Object.fromEntries(Array.from(body.entries(), ([name, value]) => [name, String(value)]))
}
