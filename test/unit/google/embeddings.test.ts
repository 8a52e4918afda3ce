import { describe, expect, it } from 'vitest'
import { encodeFloat32Base64 as float32Base64 } from '../../../providers/shared/float32-base64'
import { googleAdapter } from '../../../providers/google/index'
import { GatewayError } from '../../../worker/http/errors'
import { context, sentBody, target } from './helpers'

const embeddings = googleAdapter.endpoints.embeddings!
const embedContext = (body: Record<string, unknown>) => ({ ...context(body as any), endpoint: 'embeddings' as const })

/** Decodes base64 little-endian float32, as the OpenAI SDK does. */
function decode(base64: string): number[] {
  const bytes = Buffer.from(base64, 'base64')
  return Array.from({ length: bytes.length / 4 }, (_, index) => bytes.readFloatLE(index * 4))
}

describe('Gemini embeddings request', () => {
  it('sends one string to :embedContent', () => {
    const request = embeddings.toUpstream({ model: 'gemini-embedding-001', input: 'hello', dimensions: 768 }, target())
    expect(request.path).toBe('/v1beta/models/gemini-embedding-001:embedContent')
    expect(sentBody(request)).toEqual({ content: { parts: [{ text: 'hello' }] }, outputDimensionality: 768 })
  })

  it('sends an array to :batchEmbedContents, naming models/{model} in each request', () => {
    const request = embeddings.toUpstream({ model: 'gemini-embedding-001', input: ['a', 'b'], task_type: 'CLUSTERING' }, target())
    expect(request.path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents')
    expect(sentBody(request)).toEqual({
      requests: [
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] }, taskType: 'CLUSTERING' },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'b' }] }, taskType: 'CLUSTERING' },
      ],
    })
  })

  it('refuses token-id input', () => {
    expect(() => embeddings.toUpstream({ model: 'gemini-embedding-001', input: [[1, 2, 3]] }, target())).toThrow(GatewayError)
  })
})

describe('Gemini embeddings response', () => {
  const batch = { embeddings: [{ values: [0.5, -0.25, 0.125] }, { values: [1, 2, 3] }] }

  it('maps vectors in order to the OpenAI list of floats', () => {
    const list = embeddings.fromUpstream(batch, embedContext({ model: 'gemini-embedding-001', input: ['a', 'b'], encoding_format: 'float' })) as any
    expect(list).toEqual({
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.5, -0.25, 0.125] }, { object: 'embedding', index: 1, embedding: [1, 2, 3] }],
      model: 'gemini-embedding-001',
      usage: { prompt_tokens: 0, total_tokens: 0 },
    })
  })

  it('maps a single :embedContent answer', () => {
    const list = embeddings.fromUpstream({ embedding: { values: [0.5] } }, embedContext({ model: 'gemini-embedding-001', input: 'a' })) as any
    expect(list.data).toEqual([{ object: 'embedding', index: 0, embedding: [0.5] }])
  })

  it('encodes base64 as little-endian float32 when asked (the Node SDK default)', () => {
    const list = embeddings.fromUpstream(batch, embedContext({ model: 'gemini-embedding-001', input: ['a', 'b'], encoding_format: 'base64' })) as any
    expect(typeof list.data[0].embedding).toBe('string')
    expect(decode(list.data[0].embedding)).toEqual([0.5, -0.25, 0.125])
    expect(decode(list.data[1].embedding)).toEqual([1, 2, 3])
  })

  it('encodes long vectors without exceeding argument limits', () => {
    const vector = Array.from({ length: 40000 }, (_, index) => index / 1024)
    expect(decode(float32Base64(vector))).toEqual(vector)
  })

  it('raises a 502 for a body without embeddings', () => {
    expect(() => embeddings.fromUpstream({ foo: 1 }, embedContext({ model: 'm', input: 'a' }))).toThrow(GatewayError)
  })
})
