import type { OpenAIChunk } from '../../providers/types'
import { GatewayError, errorBody } from '../http/errors'
import { DONE_EVENT, encodeSseData } from '../http/sse'
import { cancelledError } from './attempt-signal'
import { FinishTracker, isContentBearing } from './content-bearing'
import { PartialAnswer } from './partial-answer'
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
}

/** Continuations one stream may go through before it ends with the in-band error. */
export const MAX_CONTINUATIONS = 2

/**
 * The caller's side of a committed stream. It pulls one upstream chunk per caller read (memory
 * stays flat however long the answer) and guarantees the ending: `[DONE]` as soon as the answer
 * is finished (and its usage, when asked, has come), a spliced-in continuation when the stream
 * breaks and recovery can continue it, an in-band OpenAI error event otherwise. A truncated
 * answer never ends like a success.
 */
export function committedStream(first: CommittedStreamSource, options: CommittedStreamOptions): ReadableStream<Uint8Array> {
  const tracker = new FinishTracker()
  const partial = options.recover && options.choices === 1 ? new PartialAnswer() : undefined
  const id = first.replay[0]?.id
  let source = first
  let continuations = 0
  let usageSeen = false
  let ended = false

  const finished = () => tracker.complete && tracker.finishedCount >= options.choices && (!options.includeUsage || usageSeen)

  const emit = (controller: ReadableStreamDefaultController<Uint8Array>, chunk: OpenAIChunk) => {
    if (continuations > 0 && id !== undefined) chunk.id = id
    tracker.observe(chunk)
    partial?.observe(chunk)
    if (chunk.usage) usageSeen = true
    controller.enqueue(encodeSseData(chunk))
  }

  const end = (controller: ReadableStreamDefaultController<Uint8Array>, result: StreamEnd) => {
    if (ended) return
    ended = true
    if (result.kind === 'complete') controller.enqueue(DONE_EVENT)
    else if (result.kind === 'error') controller.enqueue(encodeSseData(errorBody(result.error)))
    controller.close()
    // The answer is complete or lost: the upstream connection is no longer needed either way.
    source.signal.abort(cancelledError())
    void source.reader.cancel().catch(() => {})
    options.onEnd(result)
  }

  const fail = async (controller: ReadableStreamDefaultController<Uint8Array>, failure: GatewayError) => {
    if (tracker.complete) return end(controller, { kind: 'complete', continuations })
    const prefill = partial?.text()
    if (options.recover && prefill !== undefined && continuations < MAX_CONTINUATIONS) {
      source.signal.abort(failure)
      const next = await options.recover(prefill, failure)
      if (next) {
        continuations++
        source = next
        // The continuation's opening (role chunk, filter results) is already the caller's.
        for (const chunk of next.replay) if (isContentBearing(chunk) || chunk.usage) emit(controller, chunk)
        return
      }
    }
    end(controller, { kind: 'error', error: failure, continuations })
  }

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        for (const chunk of first.replay) emit(controller, chunk)
        if (finished()) end(controller, { kind: 'complete', continuations })
      },
      async pull(controller) {
        let result: ReadableStreamReadResult<OpenAIChunk>
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
        emit(controller, result.value)
        if (finished()) end(controller, { kind: 'complete', continuations })
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
