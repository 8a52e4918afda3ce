import type { Endpoint, OpenAIBody, OpenAIChunk, ProviderAdapter, Target } from '../../../providers/types'
import type { GatewayError } from '../../../worker/http/errors'
import { parseSseBody } from '../../../worker/http/sse'
import { makeContext } from '../openai/replay'

export interface AdapterCall {
  /** The URL and headers the adapter asked for. */
  url: string
  headers: Headers
  json?: any
  chunks?: OpenAIChunk[]
  error?: GatewayError
  warnings: string[]
}

/**
 * What the executor does with an adapter, minus retries and fallbacks: build the request,
 * authenticate, fetch, then map the JSON, the stream or the error. Lets a test put an adapter in
 * front of an emulator flavour.
 */
export async function callAdapter(adapter: ProviderAdapter, endpoint: Endpoint, body: OpenAIBody, target: Target): Promise<AdapterCall> {
  const endpointAdapter = adapter.endpoints[endpoint]!
  const upstream = endpointAdapter.toUpstream(body, target)
  const url = new URL(`${target.baseUrl ?? adapter.baseUrl(target)}${upstream.path}`)
  const headers = new Headers(upstream.headers)
  await adapter.authenticate({ url, method: upstream.method, headers, body: upstream.body }, target, { fetch, now: Date.now })
  const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true
  const { context, warnings } = makeContext(endpoint, body, includeUsage, target)
  const response = await fetch(url, { method: upstream.method, headers, body: upstream.body as BodyInit | undefined })
  const call: AdapterCall = { url: url.toString(), headers, warnings }
  if (!response.ok) {
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {}
    call.error = endpointAdapter.toError(response.status, parsed, response.headers)
    return call
  }
  try {
    if (!upstream.stream) {
      call.json = endpointAdapter.fromUpstream(await response.json(), context)
      return call
    }
    const events = adapter.decodeStream ? adapter.decodeStream(response.body!) : parseSseBody(response.body!)
    call.chunks = []
    const reader = events.pipeThrough(endpointAdapter.streamTransform!(context)).getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      call.chunks.push(value)
    }
  } catch (error) {
    call.error = error as GatewayError
  }
  return call
}

/** A target for an emulator: its base URL replaces the provider's. */
export function emulatorTarget(provider: string, baseUrl: string, options: Target['options'] = {}, apiKey = 'sk-test-key'): Target {
  return { path: 'config', provider, apiKey, keySource: 'caller', baseUrl, options }
}
