import type { EndpointAdapter, OpenAIBody, ProviderAdapter, SignableRequest, UpstreamRequest } from '../../providers/types'
import type { LeafNode } from '../config/plan'
import type { ExecutorDeps } from './state'

/** The body a target receives: the caller's, with the target's override_params on top. */
export function applyOverrides(body: OpenAIBody, overrides: Record<string, unknown>): OpenAIBody {
  for (const _ in overrides) return { ...body, ...overrides }
  return body
}

/** Builds the signed, ready-to-send request for one attempt at a leaf. */
export async function buildUpstream(
  leaf: LeafNode,
  adapter: ProviderAdapter,
  endpointAdapter: EndpointAdapter,
  body: OpenAIBody,
  callerHeaders: Headers,
  deps: ExecutorDeps,
): Promise<{ upstream: UpstreamRequest; signable: SignableRequest }> {
  const upstream = endpointAdapter.toUpstream(body, leaf)
  const base = leaf.baseUrl ?? adapter.baseUrl(leaf)
  const url = new URL(joinUrl(base, upstream.path))
  const headers = new Headers()
  // Forwarded caller headers go first so that the adapter's own headers and credentials win.
  for (const name of leaf.forwardHeaders) {
    const value = callerHeaders.get(name)
    if (value !== null) headers.set(name, value)
  }
  if (upstream.headers) for (const name in upstream.headers) headers.set(name, upstream.headers[name])
  if (typeof upstream.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json')
  const signable: SignableRequest = { url, method: upstream.method, headers, body: upstream.body }
  await adapter.authenticate(signable, leaf, { fetch: deps.fetch, now: deps.now })
  return { upstream, signable }
}

function joinUrl(base: string, path: string): string {
  const trimmed = base.endsWith('/') ? base.slice(0, -1) : base
  return path.startsWith('/') || path.startsWith('?') || path === '' ? trimmed + path : `${trimmed}/${path}`
}
