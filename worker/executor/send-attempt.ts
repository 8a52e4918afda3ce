import type { EndpointAdapter, OpenAIChunk, ProviderAdapter, ResponseContext } from '../../providers/types'
import type { LeafNode } from '../config/plan'
import { GatewayError } from '../http/errors'
import { parseSseBody } from '../http/sse'
import { AttemptSignal, timeoutError } from './attempt-signal'
import { applyOverrides, buildUpstream } from './build-upstream'
import { readErrorBody } from './read-error-body'
import type { RunState } from './state'
import { isContentBearing } from './content-bearing'
import { committedStream, type StreamEnd } from './stream-output'

/** The result of one attempt: a committed answer, or an error classified for the walker. */
export type AttemptResult =
  | { ok: true; body: ReadableStream<Uint8Array> | string; model?: string }
  | { ok: false; error: GatewayError }

/**
 * Sends one attempt at a leaf and carries it up to the commit point: a parsed JSON answer, or a
 * stream whose first content-bearing chunk has arrived. Every failure before that point comes
 * back as a GatewayError so the walker can retry or fall over; nothing has reached the caller.
 */
export async function sendAttempt(
  leaf: LeafNode,
  adapter: ProviderAdapter,
  endpointAdapter: EndpointAdapter,
  state: RunState,
  onStreamEnd: (end: StreamEnd) => void,
): Promise<AttemptResult> {
  const attemptSignal = new AttemptSignal(state.clientSignal)
  const remaining = state.deadline - state.deps.now()
  attemptSignal.arm('total', remaining, () => timeoutError('the request deadline', remaining))
  attemptSignal.arm('request', leaf.requestTimeout, () => timeoutError('request_timeout', leaf.requestTimeout!))
  let streaming = false
  try {
    const body = applyOverrides(state.body, leaf.overrideParams)
    const { upstream, signable } = await buildUpstream(leaf, adapter, endpointAdapter, body, state.callerHeaders, state.deps)
    const context: ResponseContext = {
      endpoint: state.endpoint,
      body,
      target: leaf,
      id: newId(state.endpoint),
      created: state.created,
      includeUsage: state.includeUsage,
      warn: (message) => console.warn(JSON.stringify({ trace_id: state.trace.traceId, target: leaf.path, warning: message })),
    }
    const init: RequestInit = { method: signable.method, headers: signable.headers, body: signable.body, signal: attemptSignal.signal }
    const count = upstream.parallel && upstream.parallel > 1 ? upstream.parallel : 1
    const responses = await Promise.all(Array.from({ length: count }, () => state.deps.fetch(signable.url, init)))
    const failed = responses.find((response) => !response.ok)
    if (failed) {
      for (const response of responses) if (response !== failed) void response.body?.cancel()
      return { ok: false, error: endpointAdapter.toError(failed.status, await readErrorBody(failed), failed.headers) }
    }
    if (!upstream.stream || !endpointAdapter.streamTransform) {
      const parsed = await Promise.all(responses.map(readJson))
      const mapped = endpointAdapter.fromUpstream(count > 1 ? parsed : parsed[0], context)
      return { ok: true, body: JSON.stringify(mapped), model: modelOf(mapped) }
    }
    const upstreamBody = responses[0].body
    if (!upstreamBody) throw new GatewayError(502, 'The provider answered without a body.', { code: 'empty_response' })
    const decoded = adapter.decodeStream ? adapter.decodeStream(upstreamBody) : parseSseBody(upstreamBody)
    const reader = decoded.pipeThrough(endpointAdapter.streamTransform(context)).getReader()
    const replay = await readUntilCommit(reader)
    streaming = true
    attemptSignal.disarm('total')
    attemptSignal.disarm('request')
    const stream = committedStream(reader, replay, (end) => {
      if (end.kind === 'cancelled') attemptSignal.abort(new GatewayError(499, 'The client closed the request.', { retryable: false }))
      attemptSignal.dispose()
      onStreamEnd(end)
    })
    return { ok: true, body: stream, model: replay[0]?.model }
  } catch (thrown) {
    const error = attemptSignal.reason() ?? classifyThrown(thrown, leaf.provider)
    // Abort so that a failed attempt's connection (e.g. a 200 stream that sent an error event) closes.
    attemptSignal.abort(error)
    return { ok: false, error }
  } finally {
    // A committed stream keeps its signal until the stream ends; everything else is done here.
    if (!streaming) attemptSignal.dispose()
  }
}

/** Reads chunks until the first content-bearing one; the chunks read are replayed to the caller. */
async function readUntilCommit(reader: ReadableStreamDefaultReader<OpenAIChunk>): Promise<OpenAIChunk[]> {
  const replay: OpenAIChunk[] = []
  for (;;) {
    const { done, value } = await reader.read()
    if (done) {
      throw new GatewayError(502, 'The provider closed the stream before sending any content.', { code: 'empty_stream' })
    }
    replay.push(value)
    if (isContentBearing(value)) return replay
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text()
  try {
    return JSON.parse(text)
  } catch {
    throw new GatewayError(502, 'The provider answered with a body that is not valid JSON.', { code: 'invalid_upstream_response' })
  }
}

function classifyThrown(thrown: unknown, provider: string): GatewayError {
  if (thrown instanceof GatewayError) return thrown
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
