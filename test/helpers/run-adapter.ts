import type { AdapterDeps, Endpoint, OpenAIBody, OpenAIChunk, ProviderAdapter, ResponseContext, Target, UpstreamRequest } from '../../providers/types'
import type { GatewayError } from '../../worker/http/errors'
import { decodeFrames, parseSseBody, readAll } from './rechunk'

/** A ResponseContext as the executor builds it; warnings are collected in `warnings`. */
export function testContext(endpoint: Endpoint, body: OpenAIBody, target: Target, includeUsage = false): { context: ResponseContext; warnings: string[] } {
  const warnings: string[] = []
  const context: ResponseContext = { endpoint, body, target, id: 'chatcmpl-gateway', created: 1_730_000_000, includeUsage, warn: (message) => void warnings.push(message) }
  return { context, warnings }
}

/** A target for an emulator: its base URL replaces the provider's. */
export function emulatorTarget(provider: string, baseUrl: string, options: Target['options'] = {}, apiKey = 'sk-test-key'): Target {
  return { path: 'config', provider, apiKey, keySource: 'caller', baseUrl, options }
}

export interface SentUpstream {
  upstream: UpstreamRequest
  url: URL
  headers: Headers
  /** One response, or `parallel` of them, in order. */
  responses: Response[]
}

/**
 * The executor's sending half of one attempt: build the request, join the base URL, add the JSON
 * content type, authenticate, then fetch (`parallel` times with the same init, as the executor does).
 */
export async function sendUpstream(adapter: ProviderAdapter, endpoint: Endpoint, body: OpenAIBody, target: Target, deps: Partial<AdapterDeps> = {}): Promise<SentUpstream> {
  const upstream = adapter.endpoints[endpoint]!.toUpstream(body, target)
  const url = new URL(`${target.baseUrl ?? adapter.baseUrl(target)}${upstream.path}`)
  const headers = new Headers(upstream.headers)
  if (typeof upstream.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json')
  const signable = { url, method: upstream.method, headers, body: upstream.body }
  await adapter.authenticate(signable, target, { fetch: deps.fetch ?? globalThis.fetch, now: deps.now ?? Date.now })
  const init: RequestInit = { method: signable.method, headers: signable.headers, body: signable.body as BodyInit | undefined }
  const count = upstream.parallel && upstream.parallel > 1 ? upstream.parallel : 1
  const responses = await Promise.all(Array.from({ length: count }, () => fetch(signable.url, init)))
  return { upstream, url: signable.url, headers, responses }
}

export interface AdapterRun {
  status: number
  /** The URL and headers the adapter asked for. */
  url: string
  headers: Headers
  json?: any
  chunks?: OpenAIChunk[]
  /** The GatewayError from toError, or one that fromUpstream or a stream transform raised. */
  error?: any
  warnings: string[]
}

/**
 * The executor's part of one attempt, minus retries and fallbacks: send (sendUpstream), then map
 * the JSON, the stream or the error. Lets a test put an adapter in front of an emulator.
 */
export async function runAdapter(adapter: ProviderAdapter, endpoint: Endpoint, body: OpenAIBody, target: Target, deps: Partial<AdapterDeps> = {}): Promise<AdapterRun> {
  const endpointAdapter = adapter.endpoints[endpoint]!
  const { upstream, url, headers, responses } = await sendUpstream(adapter, endpoint, body, target, deps)
  const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true
  const { context, warnings } = testContext(endpoint, body, target, includeUsage)
  const run: AdapterRun = { status: responses[0].status, url: url.toString(), headers, warnings }
  const failed = responses.find((response) => !response.ok)
  if (failed) {
    run.status = failed.status
    const text = await failed.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      // a text body stays text
    }
    run.error = endpointAdapter.toError(failed.status, parsed, failed.headers)
    return run
  }
  try {
    if (!upstream.stream) {
      const parsed = await Promise.all(responses.map((response) => response.json()))
      run.json = endpointAdapter.fromUpstream(parsed.length > 1 ? parsed : parsed[0], context)
      return run
    }
    const events = adapter.frameDecoder ? decodeFrames(responses[0].body!, adapter.frameDecoder()) : parseSseBody(responses[0].body!)
    const { items, error } = await readAll(events.pipeThrough(new TransformStream(endpointAdapter.streamTransform!(context))))
    run.chunks = items
    if (error !== undefined) run.error = error as GatewayError
  } catch (error) {
    run.error = error as GatewayError
  }
  return run
}
