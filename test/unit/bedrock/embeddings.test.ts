import { describe, expect, test } from 'vitest'
import { mapEmbeddingsRequest } from '../../../providers/bedrock/map-embeddings-request'
import { mapEmbeddingsResponse } from '../../../providers/bedrock/map-embeddings-response'
import { encodeFloat32Base64 } from '../../../providers/shared/float32-base64'
import type { OpenAIBody } from '../../../providers/types'
import { GatewayError } from '../../../worker/http/errors'
import { makeContext } from './helpers'

const payload = (body: OpenAIBody) => JSON.parse(mapEmbeddingsRequest(body).body as string)

describe('embeddings request → InvokeModel', () => {
  test('Titan v2 takes one inputText and dimensions on the invoke path', () => {
    const request = mapEmbeddingsRequest({ model: 'amazon.titan-embed-text-v2:0', input: 'hello', dimensions: 256 })
    expect(request.path).toBe('/model/amazon.titan-embed-text-v2%3A0/invoke')
    expect(request.headers).toMatchObject({ 'content-type': 'application/json', accept: 'application/json' })
    expect(JSON.parse(request.body as string)).toEqual({ inputText: 'hello', dimensions: 256 })
    expect(payload({ model: 'amazon.titan-embed-text-v1', input: ['only one'], dimensions: 256 })).toEqual({ inputText: 'only one' })
  })

  test('Titan rejects several inputs with a 400 on input', () => {
    expect(() => mapEmbeddingsRequest({ model: 'amazon.titan-embed-text-v2:0', input: ['a', 'b'] })).toThrow(expect.objectContaining({ status: 400, param: 'input' }))
  })

  test('Cohere takes the array with input_type search_document, or the caller’s', () => {
    expect(payload({ model: 'cohere.embed-english-v3', input: ['a', 'b'] })).toEqual({ texts: ['a', 'b'], input_type: 'search_document' })
    expect(payload({ model: 'cohere.embed-multilingual-v3', input: 'q', input_type: 'search_query' })).toEqual({ texts: ['q'], input_type: 'search_query' })
  })

  test('rejects token-id input and models it cannot embed with', () => {
    expect(() => mapEmbeddingsRequest({ model: 'cohere.embed-english-v3', input: [1, 2, 3] })).toThrow(GatewayError)
    expect(() => mapEmbeddingsRequest({ model: 'anthropic.claude-3-haiku-20240307-v1:0', input: 'x' })).toThrow(expect.objectContaining({ param: 'model' }))
  })
})

describe('InvokeModel answer → OpenAI embeddings list', () => {
  test('Titan: floats with the token count as usage', () => {
    const context = makeContext({ model: 'amazon.titan-embed-text-v2:0', input: 'hello', encoding_format: 'float' }, { endpoint: 'embeddings' })
    expect(mapEmbeddingsResponse({ embedding: [0.5, -1], inputTextTokenCount: 3 }, context)).toEqual({
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.5, -1] }],
      model: 'amazon.titan-embed-text-v2:0',
      usage: { prompt_tokens: 3, total_tokens: 3 },
    })
  })

  test('Cohere: one item per text, plain or by type', () => {
    const context = makeContext({ model: 'cohere.embed-english-v3', input: ['a', 'b'] }, { endpoint: 'embeddings' })
    const plain = mapEmbeddingsResponse({ embeddings: [[1], [2]], id: 'x', response_type: 'embeddings_floats', texts: ['a', 'b'] }, context) as any
    expect(plain.data.map((item: any) => [item.index, item.embedding])).toEqual([[0, [1]], [1, [2]]])
    const byType = mapEmbeddingsResponse({ embeddings: { float: [[3]] }, response_type: 'embeddings_by_type' }, context) as any
    expect(byType.data[0].embedding).toEqual([3])
  })

  test('base64 is little-endian float32, as the OpenAI SDK decodes it', () => {
    const context = makeContext({ model: 'amazon.titan-embed-text-v1', input: 'x', encoding_format: 'base64' }, { endpoint: 'embeddings' })
    const response = mapEmbeddingsResponse({ embedding: [0.25, -2, 1e-3] }, context) as any
    const bytes = Buffer.from(response.data[0].embedding, 'base64')
    expect([...new Float32Array(bytes.buffer, bytes.byteOffset, 3)]).toEqual([0.25, -2, Math.fround(1e-3)])
    expect(encodeFloat32Base64([1])).toBe(Buffer.from([0, 0, 0x80, 0x3f]).toString('base64'))
  })

  test('answers 502 on an unknown body', () => {
    expect(() => mapEmbeddingsResponse({ vectors: [] }, makeContext({ model: 'm' }))).toThrow(GatewayError)
  })
})
