import type { GatewayError } from '../../worker/http/errors'
import type { Endpoint, EndpointAdapter, OpenAIBody, ProviderAdapter, ResponseContext, SignableRequest, Target } from '../types'
import { fromOpenAIResponse } from './from-upstream'
import { openAIStreamMapper, type ChunkMapper } from './stream-transform'
import { mapOpenAIError } from './to-error'
import { openAIPath, toOpenAIRequest } from './to-upstream'

/** What distinguishes one OpenAI-format provider from OpenAI itself. */
export interface OpenAIFormatProvider {
  id: string
  /** The base URL (with its `/v1` or equivalent) for targets without their own. */
  baseUrl: string | ((target: Target) => string)
  /** The endpoints the provider really serves; the executor skips a target lacking one. */
  endpoints: readonly Endpoint[]
  /** Adds credentials; by default `Authorization: Bearer <key>` when there is a key. */
  authenticate?: (request: SignableRequest, target: Target) => void
  /** Path and query of an endpoint; by default OpenAI's. */
  path?: (endpoint: Endpoint, body: OpenAIBody, target: Target) => string
  /** Renames or drops what the provider refuses; throws GatewayError(400) for what it cannot express. */
  mapRequest?: (endpoint: Endpoint, body: OpenAIBody, target: Target) => OpenAIBody
  /** Rewrites a checked 2xx body (finish reasons, tool-call shapes). */
  mapResponse?: (endpoint: Endpoint, body: Record<string, unknown>, context: ResponseContext) => Record<string, unknown>
  /** Fresh per-request chunk rewriting for streams. */
  createChunkMapper?: (endpoint: Endpoint, context: ResponseContext) => ChunkMapper | undefined
  /** Refines the generic error mapping (provider-specific codes and bodies). */
  mapError?: (error: GatewayError, status: number, body: unknown, headers: Headers) => GatewayError
  capabilities?: ProviderAdapter['capabilities']
}

/** Sends `Authorization: Bearer <key>` when the target has a key, nothing otherwise. */
export function bearerAuthentication(request: SignableRequest, target: Target): void {
  if (target.apiKey) request.headers.set('authorization', `Bearer ${target.apiKey}`)
}

/**
 * Builds a ProviderAdapter for an OpenAI-format provider: the OpenAI pass-through mapping with
 * the provider's own base URL, credentials and deviations layered on top.
 */
export function createOpenAIFormatAdapter(provider: OpenAIFormatProvider): ProviderAdapter {
  const endpoints: Partial<Record<Endpoint, EndpointAdapter>> = {}
  for (const endpoint of provider.endpoints) endpoints[endpoint] = endpointAdapter(provider, endpoint)
  const baseUrl = provider.baseUrl
  return {
    id: provider.id,
    baseUrl: typeof baseUrl === 'string' ? () => baseUrl : baseUrl,
    authenticate: (request, target) => (provider.authenticate ?? bearerAuthentication)(request, target),
    endpoints,
    ...(provider.capabilities ? { capabilities: provider.capabilities } : {}),
  }
}

function endpointAdapter(provider: OpenAIFormatProvider, endpoint: Endpoint): EndpointAdapter {
  const adapter: EndpointAdapter = {
    toUpstream(body, target) {
      const mapped = provider.mapRequest ? provider.mapRequest(endpoint, body, target) : body
      const path = provider.path ? provider.path(endpoint, mapped, target) : openAIPath(endpoint, mapped)
      return toOpenAIRequest(endpoint, mapped, path)
    },
    fromUpstream(json, context) {
      const body = fromOpenAIResponse(endpoint, json, context, provider.id)
      return provider.mapResponse ? provider.mapResponse(endpoint, body, context) : body
    },
    toError(status, body, headers) {
      const error = mapOpenAIError(status, body, headers, provider.id)
      return provider.mapError ? provider.mapError(error, status, body, headers) : error
    },
  }
  if (endpoint === 'chat' || endpoint === 'completions' || endpoint === 'images') {
    adapter.streamTransform = (context) => {
      const mapper = provider.createChunkMapper?.(endpoint, context)
      return openAIStreamMapper(endpoint, context, { provider: provider.id, mapper })
    }
  }
  return adapter
}
