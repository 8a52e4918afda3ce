import type { OpenAIChunk } from '../../providers/types'
import { GatewayError, errorBody } from '../http/errors'
import { DONE_TEXT, sseDataText } from '../http/sse'
import { cancelledError, clockError } from './attempt-signal'
import { FinishTracker, isContentBearing } from './content-bearing'
import { PartialAnswer } from './partial-answer'
import type { ChunkBatch } from './chunk-batches'
import type { CommittedStreamSource } from './send-attempt'

export type StreamEnd =
  | { kind: 'complete'; continuations: number }
  | { kind: 'error'; error: GatewayError; continuations: number }
  | { kind: 'cancelled'; continuations: number }

/** Continues a broken answer elsewhere: the partial text goes out as a prefill; undefined when nothing can. */
export type Recover = (partial: string, failure: GatewayError) => Promise<CommittedStreamSource | undefined>

export interface CommittedStreamOptions {
  includeUsage: boolean
  /** Choices the caller asked for (`n`); the answer is finished when all of them are. */
  choices: number
  /** Present when mid-stream recovery is on for the committed target. */
  recover?: Recover
  onEnd: (end: StreamEnd) => void
  /** Keeps work going after the response has ended (reading the rest of a finished upstream body). */
  waitUntil?: (promise: Promise<unknown>) => void
}

/** Reads past a finished answer, at most, to let its upstream connection be reused. */
const DRAIN_READS = 4
const DRAIN_MS = 1000

/** Continuations one stream may go through before it ends with the in-band error. */
export const MAX_CONTINUATIONS = 2

const encoder = new TextEncoder()

/**
 * The caller's side of a committed stream. It pulls one upstream batch per caller read and writes
 * it as one piece (memory stays flat however long the answer), and guarantees the ending: `[DONE]`
 * as soon as the answer is finished (and its usage, when asked, has come), a spliced-in
 * continuation when the stream breaks and recovery can continue it, an in-band OpenAI error event
 * otherwise. A truncated answer never ends like a success.
 */
export function committedStream(first: CommittedStreamSource, options: CommittedStreamOptions): ReadableStream<Uint8Array> {
  const tracker = new FinishTracker()
  const partial = options.recover && options.choices === 1 ? new PartialAnswer() : undefined
  const id = first.replay[0]?.id
  let source = first
  let pending = first.pending
  let continuations = 0
  let usageSeen = false
  let ended = false

  const finished = () => tracker.complete && tracker.finishedCount >= options.choices && (!options.includeUsage || usageSeen)

  /** The SSE text of a chunk, after noting what it says about the answer. */
  const text = (chunk: OpenAIChunk): string => {
    if (continuations > 0 && id !== undefined) chunk.id = id
    tracker.observe(chunk)
    partial?.observe(chunk)
    if (chunk.usage) usageSeen = true
    return sseDataText(chunk)
  }

  /** Renders chunks as one piece of SSE text. */
  const render = (chunks: readonly OpenAIChunk[]): string => {
    let out = ''
    for (const chunk of chunks) out += text(chunk)
    return out
  }

  const enqueue = (controller: ReadableStreamDefaultController<Uint8Array>, out: string) => {
    if (out !== '') controller.enqueue(encoder.encode(out))
  }

  /** Ends the caller's stream after `out`, with [DONE] or the in-band error, and lets go of the upstream. */
  const end = (controller: ReadableStreamDefaultController<Uint8Array>, result: StreamEnd, out = '') => {
    if (ended) return
    ended = true
    enqueue(controller, out + (result.kind === 'complete' ? DONE_TEXT : result.kind === 'error' ? sseDataText(errorBody(result.error)) : ''))
    controller.close()
    // No error object is made for a normal ending: they are costly and nothing would read it.
    if (result.kind === 'error') {
      source.signal.abort(result.error)
      void source.reader.cancel().catch(() => {})
    } else if (options.waitUntil && source.reader.drain) {
      // The upstream's own ending is usually already here: reading it (rather than cancelling the
      // body) keeps its connection reusable. A short clock bounds the wait.
      const { signal } = source
      signal.arm('idle', DRAIN_MS, () => clockError('idle_timeout', DRAIN_MS))
      options.waitUntil(source.reader.drain(DRAIN_READS).then(() => signal.dispose(), () => signal.dispose()))
    } else {
      source.signal.dispose()
      void source.reader.cancel().catch(() => {})
    }
    options.onEnd(result)
  }

  const fail = async (controller: ReadableStreamDefaultController<Uint8Array>, failure: GatewayError, out = '') => {
    if (tracker.complete) return end(controller, { kind: 'complete', continuations }, out)
    const prefill = partial?.text()
    if (options.recover && prefill !== undefined && continuations < MAX_CONTINUATIONS) {
      enqueue(controller, out)
      source.signal.abort(failure)
      const next = await options.recover(prefill, failure)
      if (!next) return end(controller, { kind: 'error', error: failure, continuations })
      continuations++
      source = next
      pending = next.pending
      // The continuation's opening (role chunk, filter results) is already the caller's.
      return enqueue(controller, render(next.replay.filter((chunk) => isContentBearing(chunk) || chunk.usage)))
    }
    end(controller, { kind: 'error', error: failure, continuations }, out)
  }

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const out = render(first.replay)
        if (!pending && finished()) return end(controller, { kind: 'complete', continuations }, out)
        enqueue(controller, out)
      },
      async pull(controller) {
        if (pending) {
          const failure = pending
          pending = undefined
          return fail(controller, failure)
        }
        let result: ReadableStreamReadResult<ChunkBatch>
        try {
          result = await source.reader.read()
        } catch (thrown) {
          return fail(controller, source.signal.reason() ?? interrupted(thrown))
        }
        if (result.done) {
          if (tracker.complete) return end(controller, { kind: 'complete', continuations })
          return fail(controller, truncated())
        }
        source.idle.touch()
        const out = render(result.value.chunks)
        if (result.value.error) return fail(controller, result.value.error, out)
        if (finished()) return end(controller, { kind: 'complete', continuations }, out)
        enqueue(controller, out)
      },
      cancel() {
        if (ended) return
        ended = true
        source.signal.abort(cancelledError())
        void source.reader.cancel().catch(() => {})
        options.onEnd({ kind: 'cancelled', continuations })
      },
    },
    { highWaterMark: 0 },
  )
}

function truncated(): GatewayError {
  return new GatewayError(502, 'The provider ended the stream before the answer was finished.', {
    type: 'server_error',
    code: 'stream_truncated',
  })
}

function interrupted(thrown: unknown): GatewayError {
  if (thrown instanceof GatewayError) return thrown
  return new GatewayError(502, 'The connection to the provider failed in the middle of the answer.', {
    type: 'server_error',
    code: 'stream_interrupted',
  })
}
