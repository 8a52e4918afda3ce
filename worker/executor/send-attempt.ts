import type { EndpointAdapter, OpenAIBody, OpenAIChunk, ProviderAdapter, ResponseContext } from '../../providers/types'
import type { LeafNode } from '../config/plan'
import { GatewayError } from '../http/errors'
import { AttemptSignal, clockError, requestTimeoutError, type Watchdog } from './attempt-signal'
import { applyOverrides, buildUpstream } from './build-upstream'
import { BatchReader, type BatchSource } from './chunk-batches'
import { isContentBearing } from './content-bearing'
import { readErrorBody } from './read-error-body'
import type { RunState } from './state'

/** A stream committed to a target: what was read while peeking, and the rest still to read. */
export interface CommittedStreamSource {
  leaf: LeafNode
  reader: BatchSource
  replay: OpenAIChunk[]
  /** An error the provider reported in the same read as the commit: it follows the replay. */
  pending?: GatewayError
  /** Owns the upstream connection; aborting it closes the connection. */
  signal: AttemptSignal
  /** The idle clock; touched on every chunk. */
  idle: Watchdog
}

/** The result of one attempt: a committed answer, or an error classified for the walker. */
export type AttemptResult =
  | { ok: true; json: string; model?: string }
  | { ok: true; stream: CommittedStreamSource; model?: string }
  | { ok: false; error: GatewayError }

/**
 * Sends one attempt at a leaf and carries it up to the commit point: a parsed JSON answer, or a
 * stream whose first content-bearing chunk has arrived. Every failure before that point comes
 * back as a GatewayError so the walker can retry or fall over; nothing has reached the caller.
 * The clocks: headers, first token (streams), idle (JSON body reads), request_timeout and the
 * request's deadline until the commit point.
 */
export async function sendAttempt(
  leaf: LeafNode,
  adapter: ProviderAdapter,
  endpointAdapter: EndpointAdapter,
  state: RunState,
  baseBody: OpenAIBody = state.body,
): Promise<AttemptResult> {
  const { deps } = state
  const attempt = new AttemptSignal(state.signal, deps.now)
  const remaining = state.deadline - deps.now()
  const { clocks } = leaf
  // The headers clock runs from the attempt's start (building the request, a token exchange
  // included) and is armed first: the usually later clocks then need no timer of their own.
  attempt.arm('headers', clocks.headersMs, () => clockError('headers_timeout', clocks.headersMs))
  attempt.arm('deadline', remaining, () => clockError('deadline_exceeded', remaining))
  if (leaf.requestTimeout !== undefined) attempt.arm('request', leaf.requestTimeout, () => requestTimeoutError(leaf.requestTimeout!))
  let keepOpen = false
  let answered = false
  try {
    const body = applyOverrides(baseBody, leaf.overrideParams)
    const { upstream, signable } = await buildUpstream(leaf, adapter, endpointAdapter, body, state.callerHeaders, deps)
    const context: ResponseContext = {
      endpoint: state.endpoint,
      body,
      target: leaf,
      id: newId(state.endpoint),
      created: state.created,
      includeUsage: state.includeUsage,
      warn: (message) => console.warn(JSON.stringify({ trace_id: state.trace.traceId, target: leaf.path, warning: message })),
    }
    const init: RequestInit = { method: signable.method, headers: signable.headers, body: signable.body as BodyInit | undefined, signal: attempt.signal }
    const count = upstream.parallel && upstream.parallel > 1 ? upstream.parallel : 1
    const responses = await Promise.all(Array.from({ length: count }, () => deps.fetch(signable.url, init)))
    attempt.disarm('headers')
    answered = true
    const failed = responses.find((response) => !response.ok)
    if (failed) {
      for (const response of responses) if (response !== failed) void response.body?.cancel()
      return { ok: false, error: endpointAdapter.toError(failed.status, await readErrorBody(failed), failed.headers) }
    }
    if (!upstream.stream || !endpointAdapter.streamTransform) {
      attempt.watch('idle', clocks.idleMs, () => clockError('idle_timeout', clocks.idleMs))
      const parsed = await Promise.all(responses.map(readJson))
      const mapped = endpointAdapter.fromUpstream(count > 1 ? parsed : parsed[0], context)
      return { ok: true, json: JSON.stringify(mapped), model: modelOf(mapped) }
    }
    const upstreamBody = responses[0].body
    if (!upstreamBody) throw new GatewayError(502, 'The provider answered without a body.', { code: 'empty_response' })
    const reader = new BatchReader(upstreamBody, adapter, endpointAdapter.streamTransform(context))
    attempt.arm('first-token', clocks.firstTokenMs, () => clockError('first_token_timeout', clocks.firstTokenMs))
    const { replay, pending } = await readUntilCommit(reader)
    for (const clock of ['deadline', 'request', 'first-token']) attempt.disarm(clock)
    const idle = attempt.watch('idle', clocks.idleMs, () => clockError('idle_timeout', clocks.idleMs))
    keepOpen = true
    const stream: CommittedStreamSource = { leaf, reader, replay, signal: attempt, idle }
    if (pending) stream.pending = pending
    return { ok: true, stream, model: replay[0]?.model }
  } catch (thrown) {
    const error = attempt.reason() ?? classifyThrown(thrown, leaf.provider, answered)
    // Abort so that a failed attempt's connection (e.g. a 200 stream that sent an error event) closes.
    attempt.abort(error)
    return { ok: false, error }
  } finally {
    // A committed stream keeps its signal (and idle clock) until the stream ends.
    if (!keepOpen) attempt.dispose()
  }
}

/**
 * Reads until the first content-bearing chunk; the chunks read are replayed to the caller. An
 * error before that point fails the attempt; one in the same read, after content, is handed on.
 */
async function readUntilCommit(reader: BatchSource): Promise<{ replay: OpenAIChunk[]; pending?: GatewayError }> {
  const replay: OpenAIChunk[] = []
  for (;;) {
    const { done, value } = await reader.read()
    if (done) {
      throw new GatewayError(502, 'The provider closed the stream before sending any content.', { type: 'server_error', code: 'empty_stream' })
    }
    let committed = false
    for (const chunk of value.chunks) {
      replay.push(chunk)
      committed ||= isContentBearing(chunk)
    }
    if (value.error && !committed) throw value.error
    if (committed) return value.error ? { replay, pending: value.error } : { replay }
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text()
  try {
    return JSON.parse(text)
  } catch {
    throw new GatewayError(502, 'The provider answered with a body that is not valid JSON.', { type: 'server_error', code: 'invalid_upstream_response' })
  }
}

function classifyThrown(thrown: unknown, provider: string, answered: boolean): GatewayError {
  if (thrown instanceof GatewayError) return thrown
  if (answered) {
    return new GatewayError(502, `The connection to ${provider} broke before its answer began.`, { type: 'server_error', code: 'stream_interrupted', retryable: true })
  }
  return new GatewayError(502, `The connection to ${provider} failed before it answered.`, {
    type: 'server_error',
    code: 'upstream_unreachable',
    retryable: true,
  })
}

function modelOf(mapped: unknown): string | undefined {
  const model = (mapped as { model?: unknown } | null)?.model
  return typeof model === 'string' ? model : undefined
}

const ID_PREFIX: Record<string, string> = { chat: 'chatcmpl-', completions: 'cmpl-', embeddings: 'emb-', images: 'img-', models: 'models-' }

function newId(endpoint: string): string {
  return (ID_PREFIX[endpoint] ?? 'req-') + crypto.randomUUID().replaceAll('-', '').slice(0, 24)
}
