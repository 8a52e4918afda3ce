import type { OpenAIChunk } from '../../providers/types'
import { GatewayError, errorBody } from '../http/errors'
import { DONE_EVENT, encodeSseData } from '../http/sse'
import { FinishTracker } from './content-bearing'

export type StreamEnd =
  | { kind: 'complete' }
  | { kind: 'error'; error: GatewayError }
  | { kind: 'cancelled' }

/**
 * The caller's side of a committed stream. It pulls one upstream chunk per caller read (so memory
 * stays flat however long the answer) and guarantees the ending: `[DONE]` after a finished answer,
 * an in-band OpenAI error event after anything else. A truncated answer never ends like a success.
 */
export function committedStream(
  reader: ReadableStreamDefaultReader<OpenAIChunk>,
  replay: OpenAIChunk[],
  onEnd: (end: StreamEnd) => void,
): ReadableStream<Uint8Array> {
  const tracker = new FinishTracker()
  let ended = false
  const end = (controller: ReadableStreamDefaultController<Uint8Array>, result: StreamEnd) => {
    if (ended) return
    ended = true
    if (result.kind === 'complete') controller.enqueue(DONE_EVENT)
    else if (result.kind === 'error') controller.enqueue(encodeSseData(errorBody(result.error)))
    controller.close()
    onEnd(result)
  }

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        for (const chunk of replay) {
          tracker.observe(chunk)
          controller.enqueue(encodeSseData(chunk))
        }
      },
      async pull(controller) {
        try {
          const { done, value } = await reader.read()
          if (done) {
            if (tracker.complete) return end(controller, { kind: 'complete' })
            return end(controller, { kind: 'error', error: truncated() })
          }
          tracker.observe(value)
          controller.enqueue(encodeSseData(value))
        } catch (thrown) {
          end(controller, { kind: 'error', error: streamFailure(thrown) })
        }
      },
      cancel(reason) {
        ended = true
        onEnd({ kind: 'cancelled' })
        return reader.cancel(reason)
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

/** An error raised while reading a committed stream, as the caller will see it in-band. */
export function streamFailure(thrown: unknown): GatewayError {
  if (thrown instanceof GatewayError) return thrown
  return new GatewayError(502, 'The connection to the provider failed in the middle of the answer.', {
    type: 'server_error',
    code: 'stream_interrupted',
  })
}
