import { describe, expect, test } from 'vitest'
import { GatewayError } from '../../../worker/http/errors'
import { encodeFloat32Base64 } from '../../../providers/shared/float32-base64'
import { mapCohereEmbedRequest } from '../../../providers/cohere/map-cohere-embed-request'
import { mapCohereEmbedResponse } from '../../../providers/cohere/map-cohere-embed-response'
import { fixture, makeContext } from './helpers'

const sent = (body: Record<string, unknown>) => JSON.parse(mapCohereEmbedRequest(body).body as string)
const decode = (base64: string) => Array.from(new Float32Array(new Uint8Array(Buffer.from(base64, 'base64')).buffer))
const embedJson = () => JSON.parse(new TextDecoder().decode(fixture('embed.json')))

describe('mapCohereEmbedRequest', () => {
  test('posts texts to /v2/embed with float embeddings and the documented default input_type', () => {
    const request = mapCohereEmbedRequest({ model: 'embed-v4.0', input: ['a', 'b'] })
    expect(request).toMatchObject({ path: '/v2/embed', method: 'POST', stream: false })
    expect(JSON.parse(request.body as string)).toEqual({ model: 'embed-v4.0', texts: ['a', 'b'], input_type: 'search_document', embedding_types: ['float'] })
  })

  test('wraps a single string, keeps a caller input_type, maps dimensions and drops user and encoding_format', () => {
    expect(sent({ model: 'm', input: 'one', input_type: 'search_query', dimensions: 256, user: 'u', encoding_format: 'base64' }))
      .toEqual({ model: 'm', texts: ['one'], input_type: 'search_query', embedding_types: ['float'], output_dimension: 256 })
  })

  test('rejects token arrays, empty input and a missing model', () => {
    expect(() => mapCohereEmbedRequest({ model: 'm', input: [1, 2, 3] })).toThrow(GatewayError)
    expect(() => mapCohereEmbedRequest({ model: 'm', input: [] })).toThrow(/input/)
    expect(() => mapCohereEmbedRequest({ input: 'x' })).toThrow(/model/)
  })
})

describe('mapCohereEmbedResponse', () => {
  test('maps float embeddings onto an OpenAI list with usage from billed units', () => {
    const { context } = makeContext({ model: 'embed-v4.0', input: ['a', 'b'], encoding_format: 'float' }, { endpoint: 'embeddings' })
    expect(mapCohereEmbedResponse(embedJson(), context)).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.5, -0.25, 0.125, 1.5] },
        { object: 'embedding', index: 1, embedding: [-0.75, 0.0625, 2.0, -3.5] },
      ],
      model: 'embed-v4.0',
      usage: { prompt_tokens: 10, total_tokens: 10 },
    })
  })

  test('returns base64 little-endian float32 when encoding_format is base64', () => {
    const { context } = makeContext({ model: 'embed-v4.0', input: ['a', 'b'], encoding_format: 'base64' }, { endpoint: 'embeddings' })
    const mapped: any = mapCohereEmbedResponse(embedJson(), context)
    expect(typeof mapped.data[0].embedding).toBe('string')
    expect(decode(mapped.data[0].embedding)).toEqual([0.5, -0.25, 0.125, 1.5])
    expect(decode(mapped.data[1].embedding)).toEqual([-0.75, 0.0625, 2.0, -3.5])
  })

  test('answers 502 when the float embeddings are missing', () => {
    const { context } = makeContext({ model: 'm', input: 'a' }, { endpoint: 'embeddings' })
    expect(() => mapCohereEmbedResponse({ embeddings: { int8: [[1]] } }, context)).toThrow(GatewayError)
  })
})

describe('encodeFloat32Base64', () => {
  test('writes little-endian float32 bytes', () => {
    expect(Array.from(Buffer.from(encodeFloat32Base64([1]), 'base64'))).toEqual([0, 0, 0x80, 0x3f])
    const long = Array.from({ length: 40_000 }, (_, index) => index / 8)
    expect(decode(encodeFloat32Base64(long))).toEqual(long)
  })
})
