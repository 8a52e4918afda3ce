import type { GatewayError } from '../worker/http/errors'
import type { SseEvent } from '../worker/http/sse'

/** The OpenAI endpoints the gateway serves; an adapter implements the ones its provider has. */
export type Endpoint = 'chat' | 'completions' | 'embeddings' | 'images' | 'models'

/** An OpenAI-shaped request body after validation and `override_params` (unknown fields kept). */
export type OpenAIBody = Record<string, unknown> & { model?: string; stream?: boolean }

/**
 * Provider options set per target by headers (`x-portkey-azure-*`, ...), the config or an
 * integration. Fields marked secret are resolved from Worker Secrets or caller headers and
 * must never be logged or echoed.
 */
export interface ProviderOptions {
  azureResourceName?: string
  azureDeploymentId?: string
  azureApiVersion?: string
  /** 'api-key' (default) sends `api-key`; 'entra' sends `Authorization: Bearer`. */
  azureAuthMode?: string
  openaiOrganization?: string
  openaiProject?: string
  anthropicVersion?: string
  anthropicBeta?: string
  vertexProjectId?: string
  vertexRegion?: string
  awsRegion?: string
  awsAccessKeyId?: string
  /** secret */
  awsSecretAccessKey?: string
  /** secret */
  awsSessionToken?: string
  [option: string]: string | undefined
}

/** What an adapter knows about the target it is talking to. */
export interface Target {
  /** JSON path of the target in the config, e.g. `config.targets[1]`; used in traces. */
  path: string
  /** Provider id, e.g. `openai`, `azure-openai`, `anthropic`. */
  provider: string
  /** The credential: an API key, or for vertex-ai a service-account JSON. Secret. */
  apiKey?: string
  /** Where `apiKey` came from. A `secret` key may only go to the provider's own host. */
  keySource: 'caller' | 'secret' | 'none'
  /** Base URL replacing the provider default (custom_host, or the integration's host). */
  baseUrl?: string
  options: ProviderOptions
}

/** A request an adapter wants sent; the executor resolves the URL, authenticates and fetches. */
export interface UpstreamRequest {
  /** Path and query appended to the base URL (`/chat/completions`). */
  path: string
  method: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string | FormData | Uint8Array
  /** True when the upstream answers with a stream (SSE, or the adapter's own framing). */
  stream: boolean
  /** Send this many identical requests and hand every JSON body to `fromUpstream` as an array. */
  parallel?: number
}

/** The request as it will be sent, for adapters that must sign it. */
export interface SignableRequest {
  url: URL
  method: 'GET' | 'POST'
  headers: Headers
  body?: string | FormData | Uint8Array
}

/** I/O the executor lends to adapters that need it for authentication (token exchange). */
export interface AdapterDeps {
  fetch: typeof fetch
  /** Milliseconds since the epoch. */
  now: () => number
}

/** What a response mapping needs to know about the request it answers. */
export interface ResponseContext {
  endpoint: Endpoint
  /** The body as sent to the adapter (after override_params). */
  body: OpenAIBody
  target: Target
  /** A fresh id (`chatcmpl-…`) for providers whose responses carry none. */
  id: string
  /** Unix seconds at the start of the request. */
  created: number
  /** The caller asked for `stream_options.include_usage`. */
  includeUsage: boolean
  /** Reports a skipped malformed event or other oddity to the request log; never throws. */
  warn: (message: string) => void
}

/** An OpenAI `chat.completion.chunk` or `text_completion` stream object. */
export interface OpenAIChunk {
  id: string
  object: string
  created: number
  model: string
  choices: Array<Record<string, unknown> & { index: number; finish_reason?: string | null }>
  usage?: Record<string, unknown> | null
  [field: string]: unknown
}

/** Where a stream mapper puts its output: the part of a TransformStream controller it may use. */
export interface ChunkSink {
  enqueue(chunk: OpenAIChunk): void
  error(reason: GatewayError): void
}

/**
 * Turns the bytes of a stream body into events, synchronously, one network read at a time;
 * throws a GatewayError on a corrupt body. `end` delivers what the last bytes completed.
 */
export interface FrameDecoder {
  push(bytes: Uint8Array, emit: (event: SseEvent) => void): void
  end(emit: (event: SseEvent) => void): void
}

/**
 * A synchronous event → chunk mapping. The executor calls it directly for every network read
 * (decode, parse and map in one step), which costs far less than a chain of TransformStreams;
 * `new TransformStream(mapper)` turns it into a stage where one is wanted.
 */
export interface StreamMapper {
  transform(event: SseEvent, sink: ChunkSink): void
  flush?(sink: ChunkSink): void
}

export interface EndpointAdapter {
  /** Maps the OpenAI request onto the provider's wire format. Throws GatewayError(400) for what it cannot express. */
  toUpstream(body: OpenAIBody, target: Target): UpstreamRequest
  /** Maps a 2xx JSON body (or an array of them, for `parallel`) onto the OpenAI response. */
  fromUpstream(json: unknown, context: ResponseContext): unknown
  /**
   * Maps upstream stream events onto OpenAI chunks, with fresh state per request. An error the
   * provider reports inside the stream is raised with `sink.error(gatewayError)`; a malformed
   * event is skipped and reported through `context.warn`. The executor adds `[DONE]`.
   */
  streamTransform?(context: ResponseContext): StreamMapper
  /** Maps a non-2xx answer (body parsed as JSON when possible, else text) onto a GatewayError. */
  toError(status: number, body: unknown, headers: Headers): GatewayError
}

export interface ProviderAdapter {
  id: string
  /** The base URL for a target without `baseUrl` (may depend on options, e.g. Azure's resource). */
  baseUrl(target: Target): string
  /** Adds credentials (header, query or signature) to the request. */
  authenticate(request: SignableRequest, target: Target, deps: AdapterDeps): void | Promise<void>
  /** A decoder for the upstream stream body's framing; defaults to UTF-8 server-sent events. */
  frameDecoder?(): FrameDecoder
  endpoints: Partial<Record<Endpoint, EndpointAdapter>>
  capabilities?: {
    /** Accepts a trailing assistant message as a prefill to continue from (mid-stream recovery). */
    prefill?: boolean | ((model: string) => boolean)
  }
}
