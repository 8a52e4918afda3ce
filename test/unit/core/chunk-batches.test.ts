import { describe, expect, test } from 'vitest'
import type { OpenAIChunk, ProviderAdapter, StreamMapper } from '../../../providers/types'
import { chunkBatches, type ChunkBatch } from '../../../worker/executor/chunk-batches'
import { GatewayError } from '../../../worker/http/errors'
import { awkwardCuts, collect, splitAt, streamOf } from '../../helpers/rechunk'

const encoder = new TextEncoder()
const plainSse = {} as ProviderAdapter

/** Maps each data event to a chunk carrying its text; `fail` raises an error; the flush adds one chunk. */
const mapper = (): StreamMapper => ({
  transform(event, sink) {
    if (event.data === 'fail') return sink.error(new GatewayError(503, 'overloaded', { code: 'overloaded' }))
    sink.enqueue({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { content: event.data } }] })
  },
  flush(sink) {
    sink.enqueue({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })
  },
})

const contents = (batches: ChunkBatch[]) => batches.flatMap((batch) => batch.chunks.map((chunk: OpenAIChunk) => (chunk.choices[0].delta as { content?: string }).content ?? '<end>'))

describe('chunk batches', () => {
  const text = 'data: a\r\n\r\ndata: é😀\n\n: ping\n\ndata: b\n\n'

  test('decodes, parses and maps every network read in one step, at any byte boundary', async () => {
    const bytes = encoder.encode(text)
    for (const step of [1, 2, 3, 7]) {
      const batches = await collect(chunkBatches(streamOf(splitAt(bytes, awkwardCuts(bytes, step))), plainSse, mapper()))
      expect(contents(batches)).toEqual(['a', 'é😀', 'b', '<end>'])
    }
  })

  test('one read with several events is one batch', async () => {
    const batches = await collect(chunkBatches(streamOf([encoder.encode(text)]), plainSse, mapper()))
    expect(batches[0].chunks).toHaveLength(3)
  })

  test('an error keeps the chunks before it, and nothing after it is read', async () => {
    const batches = await collect(chunkBatches(streamOf([encoder.encode('data: a\n\ndata: fail\n\ndata: b\n\n'), encoder.encode('data: c\n\n')]), plainSse, mapper()))
    expect(batches).toHaveLength(1)
    expect(contents(batches)).toEqual(['a'])
    expect(batches[0].error?.code).toBe('overloaded')
  })
})
