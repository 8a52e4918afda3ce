import type { AdapterDeps, Endpoint, OpenAIBody, OpenAIChunk, ProviderAdapter, Target } from '../../../providers/types'
import { parseSseBody } from '../../../worker/http/sse'

export interface AdapterResult {
  status: number
  json?: any
  chunks?: OpenAIChunk[]
  /** The GatewayError from toError, or one a stream transform raised. */
  error?: any
  url: string
}

/**
 * The executor's part of one attempt, reduced to what the adapter contract says: build the
 * request, resolve the URL, authenticate, fetch, then map the answer (JSON, stream or error).
 */
export async function runAdapter(adapter: ProviderAdapter, endpoint: Endpoint, body: OpenAIBody, target: Target, deps: Partial<AdapterDeps> = {}): Promise<AdapterResult> {
  const endpointAdapter = adapter.endpoints[endpoint]!
  const upstream = endpointAdapter.toUpstream(body, target)
  const url = new URL((target.baseUrl ?? adapter.baseUrl(target)) + upstream.path)
  const headers = new Headers(upstream.headers)
  const signable = { url, method: upstream.method, headers, body: upstream.body }
  await adapter.authenticate(signable, target, { fetch: deps.fetch ?? globalThis.fetch, now: deps.now ?? Date.now })
  const response = await fetch(signable.url, { method: signable.method, headers: signable.headers, body: signable.body as BodyInit | undefined })
  const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true
  const context = { endpoint, body, target, id: 'chatcmpl-run', created: 1730000000, includeUsage, warn: () => {} }
  if (!response.ok) {
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      // a text body stays text
    }
    return { status: response.status, error: endpointAdapter.toError(response.status, parsed, response.headers), url: url.toString() }
  }
  if (upstream.stream) {
    const events = (adapter.decodeStream ?? parseSseBody)(response.body!)
    const chunks: OpenAIChunk[] = []
    const reader = events.pipeThrough(endpointAdapter.streamTransform!(context)).getReader()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        chunks.push(value)
      }
    } catch (error) {
      return { status: response.status, chunks, error, url: url.toString() }
    }
    return { status: response.status, chunks, url: url.toString() }
  }
  return { status: response.status, json: endpointAdapter.fromUpstream(await response.json(), context), url: url.toString() }
}
