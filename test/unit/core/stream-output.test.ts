import { describe, expect, test } from 'vitest'
import type { OpenAIChunk } from '../../../providers/types'
import { isContentBearing } from '../../../worker/executor/content-bearing'
import { committedStream, type StreamEnd } from '../../../worker/executor/stream-output'
import { GatewayError } from '../../../worker/http/errors'
import { collect } from '../../helpers/rechunk'

const chunk = (delta: Record<string, unknown>, finish: string | null = null, index = 0): OpenAIChunk => ({
  id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index, delta, finish_reason: finish }],
})

function source(items: Array<OpenAIChunk | Error>): ReadableStreamDefaultReader<OpenAIChunk> {
  let index = 0
  return new ReadableStream<OpenAIChunk>({
    pull(controller) {
      const item = items[index++]
      if (item === undefined) controller.close()
      else if (item instanceof Error) controller.error(item)
      else controller.enqueue(item)
    },
  }).getReader()
}

async function run(replay: OpenAIChunk[], rest: Array<OpenAIChunk | Error>) {
  const ends: StreamEnd[] = []
  const bytes = await collect(committedStream(source(rest), replay, (end) => ends.push(end)))
  const text = bytes.map((b) => new TextDecoder().decode(b)).join('')
  return { events: text.split('\n\n').filter(Boolean), ends }
}

describe('committed stream', () => {
  test('replays the peeked chunks, then streams the rest and ends a finished answer with [DONE]', async () => {
    const { events, ends } = await run([chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hi' })], [chunk({}, 'stop')])
    expect(events).toHaveLength(4)
    expect(events.at(-1)).toBe('data: [DONE]')
    expect(ends).toEqual([{ kind: 'complete' }])
  })

  test('ends a stream cut before its finish with an in-band error, never with [DONE]', async () => {
    const { events, ends } = await run([chunk({ content: 'Hi' })], [chunk({ content: ' there' })])
    expect(events.at(-1)).toContain('"code":"stream_truncated"')
    expect(events.join()).not.toContain('[DONE]')
    expect(ends[0].kind).toBe('error')
  })

  test('turns an error raised by the upstream into an in-band error event', async () => {
    const failure = new GatewayError(503, 'overloaded', { code: 'overloaded' })
    const { events } = await run([chunk({ content: 'Hi' })], [failure])
    expect(JSON.parse(events.at(-1)!.slice(6))).toEqual({ error: { message: 'overloaded', type: 'server_error', param: null, code: 'overloaded' } })
  })

  test('waits for every choice to finish when n > 1', async () => {
    const { events } = await run([chunk({ content: 'a' }, null, 0), chunk({ content: 'b' }, null, 1)], [chunk({}, 'stop', 0)])
    expect(events.at(-1)).toContain('stream_truncated')
  })
})

describe('content-bearing chunks', () => {
  test('a role-only chunk or a usage chunk does not commit; text, tool calls and finishes do', () => {
    expect(isContentBearing(chunk({ role: 'assistant', content: '' }))).toBe(false)
    expect(isContentBearing({ ...chunk({}), choices: [], usage: { total_tokens: 1 } })).toBe(false)
    expect(isContentBearing(chunk({ content: 'x' }))).toBe(true)
    expect(isContentBearing(chunk({ tool_calls: [{ index: 0 }] }))).toBe(true)
    expect(isContentBearing(chunk({}, 'stop'))).toBe(true)
  })
})
