import { describe, expect, test } from 'vitest'
import type { OpenAIChunk } from '../../../providers/types'
import type { LeafNode } from '../../../worker/config/plan'
import { AttemptSignal } from '../../../worker/executor/attempt-signal'
import { isContentBearing } from '../../../worker/executor/content-bearing'
import type { ChunkBatch } from '../../../worker/executor/chunk-batches'
import type { CommittedStreamSource } from '../../../worker/executor/send-attempt'
import { committedStream, type CommittedStreamOptions, type StreamEnd } from '../../../worker/executor/stream-output'
import { GatewayError } from '../../../worker/http/errors'
import { collect } from '../../helpers/rechunk'

const chunk = (delta: Record<string, unknown>, finish: string | null = null, index = 0, id = 'c1'): OpenAIChunk => ({
  id, object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index, delta, finish_reason: finish }],
})
const usage = (): OpenAIChunk => ({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { total_tokens: 3 } })

/**
 * A source whose reader yields one batch per item, then ends (or hangs forever when `hang`). A
 * GatewayError is an error the provider reported (carried in its batch); any other Error breaks
 * the connection (errors the stream).
 */
function source(replay: OpenAIChunk[], rest: Array<OpenAIChunk | Error>, hang = false): CommittedStreamSource & { cancelled: () => boolean } {
  let index = 0
  let cancelled = false
  const reader = new ReadableStream<ChunkBatch>({
    pull(controller) {
      const item = rest[index++]
      if (item === undefined) return hang ? new Promise<void>(() => {}) : controller.close()
      if (item instanceof GatewayError) controller.enqueue({ chunks: [], error: item })
      else if (item instanceof Error) controller.error(item)
      else controller.enqueue({ chunks: [item] })
    },
    cancel() {
      cancelled = true
    },
  }).getReader()
  const signal = new AttemptSignal(new AbortController().signal)
  return { leaf: {} as LeafNode, reader, replay, signal, idle: { touch() {} }, cancelled: () => cancelled }
}

async function run(first: CommittedStreamSource, options: Partial<CommittedStreamOptions> = {}) {
  const ends: StreamEnd[] = []
  const bytes = await collect(committedStream(first, { includeUsage: false, choices: 1, onEnd: (end) => ends.push(end), ...options }))
  const text = bytes.map((b) => new TextDecoder().decode(b)).join('')
  return { events: text.split('\n\n').filter(Boolean), ends }
}

describe('committed stream', () => {
  test('replays the peeked chunks, then streams the rest and ends a finished answer with [DONE]', async () => {
    const { events, ends } = await run(source([chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hi' })], [chunk({}, 'stop')]))
    expect(events).toHaveLength(4)
    expect(events.at(-1)).toBe('data: [DONE]')
    expect(ends[0].kind).toBe('complete')
  })

  test('finalises at once after the finish, even when the upstream never closes', async () => {
    const upstream = source([chunk({ content: 'Hi' })], [chunk({}, 'stop')], true)
    const { events } = await run(upstream)
    expect(events.at(-1)).toBe('data: [DONE]')
    expect(upstream.cancelled()).toBe(true)
  })

  test('with include_usage, waits for the usage chunk before [DONE]', async () => {
    const { events } = await run(source([chunk({ content: 'Hi' })], [chunk({}, 'stop'), usage()], true), { includeUsage: true })
    expect(events.at(-2)).toContain('"total_tokens":3')
    expect(events.at(-1)).toBe('data: [DONE]')
  })

  test('ends a stream cut before its finish with an in-band error, never with [DONE]', async () => {
    const { events, ends } = await run(source([chunk({ content: 'Hi' })], [chunk({ content: ' there' })]))
    expect(events.at(-1)).toContain('"code":"stream_truncated"')
    expect(events.join()).not.toContain('[DONE]')
    expect(ends[0].kind).toBe('error')
  })

  test('turns a broken connection into an in-band error event', async () => {
    const { events } = await run(source([chunk({ content: 'Hi' })], [new Error('reset')]))
    expect(JSON.parse(events.at(-1)!.slice(6)).error.code).toBe('stream_interrupted')
  })

  test('turns an error raised by the upstream into an in-band error event', async () => {
    const failure = new GatewayError(503, 'overloaded', { code: 'overloaded' })
    const { events } = await run(source([chunk({ content: 'Hi' })], [failure]))
    expect(JSON.parse(events.at(-1)!.slice(6))).toEqual({ error: { message: 'overloaded', type: 'server_error', param: null, code: 'overloaded' } })
  })

  test('waits for every choice to finish when n > 1', async () => {
    const { events } = await run(source([chunk({ content: 'a' }, null, 0), chunk({ content: 'b' }, null, 1)], [chunk({}, 'stop', 0)]), { choices: 2 })
    expect(events.at(-1)).toContain('stream_truncated')
  })
})

describe('mid-stream recovery', () => {
  test('splices the continuation into the same stream: one id, no second role chunk, one finish', async () => {
    const prefills: string[] = []
    const continuation = source([chunk({ role: 'assistant', content: '' }, null, 0, 'other'), chunk({ content: ' world' }, null, 0, 'other')], [chunk({}, 'stop', 0, 'other')])
    const { events, ends } = await run(source([chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hello' })], [new GatewayError(502, 'reset', { code: 'stream_interrupted' })]), {
      recover: async (partial) => {
        prefills.push(partial)
        return continuation
      },
    })
    expect(prefills).toEqual(['Hello'])
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.slice(6)))
    expect(chunks.map((c) => c.id)).toEqual(['c1', 'c1', 'c1', 'c1'])
    expect(chunks.filter((c) => c.choices[0]?.delta?.role)).toHaveLength(1)
    expect(chunks.map((c) => c.choices[0].delta.content ?? '').join('')).toBe('Hello world')
    expect(events.at(-1)).toBe('data: [DONE]')
    expect(ends[0]).toEqual({ kind: 'complete', continuations: 1 })
  })

  test('when nothing can continue, the caller sees the original failure', async () => {
    const { events } = await run(source([chunk({ content: 'Hello' })], [new GatewayError(504, 'stalled', { code: 'idle_timeout' })]), { recover: async () => undefined })
    expect(events.at(-1)).toContain('"code":"idle_timeout"')
  })

  test('does not try to continue an answer that had started a tool call', async () => {
    let asked = false
    await run(source([chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }] })], []), {
      recover: async () => {
        asked = true
        return undefined
      },
    })
    expect(asked).toBe(false)
  })
})

describe('content-bearing chunks', () => {
  test('a role-only chunk or a usage chunk does not commit; text, tool calls and finishes do', () => {
    expect(isContentBearing(chunk({ role: 'assistant', content: '' }))).toBe(false)
    expect(isContentBearing(usage())).toBe(false)
    expect(isContentBearing(chunk({ content: 'x' }))).toBe(true)
    expect(isContentBearing(chunk({ tool_calls: [{ index: 0 }] }))).toBe(true)
    expect(isContentBearing(chunk({}, 'stop'))).toBe(true)
  })
})
