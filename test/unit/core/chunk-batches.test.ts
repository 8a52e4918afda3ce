import { describe, expect, test } from 'vitest'
import type { OpenAIChunk, ProviderAdapter, StreamMapper } from '../../../providers/types'
import { BatchReader, type ChunkBatch } from '../../../worker/executor/chunk-batches'
import { GatewayError } from '../../../worker/http/errors'
import { awkwardCuts, readBatches, splitAt, streamOf } from '../../helpers/rechunk'

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

const batchesOf = async (reader: BatchReader) => (await readBatches(reader)).items
const contents = (batches: ChunkBatch[]) => batches.flatMap((batch) => batch.chunks.map((chunk: OpenAIChunk) => (chunk.choices[0].delta as { content?: string }).content ?? '<end>'))

describe('chunk batches', () => {
  const text = 'data: a\r\n\r\ndata: é😀\n\n: ping\n\ndata: b\n\n'

  test('decodes, parses and maps every network read in one step, at any byte boundary', async () => {
    const bytes = encoder.encode(text)
    for (const step of [1, 2, 3, 7]) {
      const batches = await batchesOf(new BatchReader(streamOf(splitAt(bytes, awkwardCuts(bytes, step))), plainSse, mapper()))
      expect(contents(batches)).toEqual(['a', 'é😀', 'b', '<end>'])
    }
  })

  test('one read with several events is one batch', async () => {
    const batches = await batchesOf(new BatchReader(streamOf([encoder.encode(text)]), plainSse, mapper()))
    expect(batches[0].chunks).toHaveLength(3)
  })

  test('an error keeps the chunks before it, and nothing after it is read', async () => {
    const batches = await batchesOf(new BatchReader(streamOf([encoder.encode('data: a\n\ndata: fail\n\ndata: b\n\n'), encoder.encode('data: c\n\n')]), plainSse, mapper()))
    expect(batches).toHaveLength(1)
    expect(contents(batches)).toEqual(['a'])
    expect(batches[0].error?.code).toBe('overloaded')
  })
})

describe('draining a finished answer', () => {
  /** A body of `reads` pieces that records whether it was read to the end or cancelled. */
  function body(reads: number) {
    let sent = 0
    const seen = { ended: false, cancelled: false }
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < reads) return controller.enqueue(encoder.encode(`data: x${sent}\n\n`))
        seen.ended = true
        controller.close()
      },
      cancel() {
        seen.cancelled = true
      },
    })
    return { stream, seen }
  }

  test('reads the rest of the body to its end, so the connection can be reused', async () => {
    const { stream, seen } = body(2)
    await new BatchReader(stream, plainSse, mapper()).drain(4)
    expect(seen).toEqual({ ended: true, cancelled: false })
  })

  test('cancels a body that goes on past the allowance', async () => {
    const { stream, seen } = body(100)
    await new BatchReader(stream, plainSse, mapper()).drain(4)
    expect(seen).toEqual({ ended: false, cancelled: true })
  })
})
