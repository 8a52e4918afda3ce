import { describe, expect, it } from 'vitest'
import { vertexAdapter } from '../../../providers/vertex-ai/index'
import { GatewayError } from '../../../worker/http/errors'
import { keyPair, serviceAccountJson, vertexTarget } from './helpers'

const target = vertexTarget(serviceAccountJson(keyPair()))
const embeddings = vertexAdapter.endpoints.embeddings!
const context = (body: Record<string, unknown>) => ({ endpoint: 'embeddings' as const, body, target, id: 'x', created: 1, includeUsage: false, warn: () => {} })

describe('Vertex AI embeddings', () => {
  it('sends text-embedding models to :predict with one {content} instance per input and dimensions in parameters', () => {
    const request = embeddings.toUpstream({ model: 'text-embedding-005', input: ['a', 'b'], dimensions: 256, task_type: 'RETRIEVAL_DOCUMENT' }, target)
    expect(request.path).toBe('/v1/projects/sa-project/locations/us-central1/publishers/google/models/text-embedding-005:predict')
    expect(JSON.parse(String(request.body))).toEqual({
      instances: [{ content: 'a', task_type: 'RETRIEVAL_DOCUMENT' }, { content: 'b', task_type: 'RETRIEVAL_DOCUMENT' }],
      parameters: { outputDimensionality: 256 },
    })
  })

  it('sends gemini-embedding-001 to :predict too, and newer Gemini embedding models to :embedContent (one input)', () => {
    expect(embeddings.toUpstream({ model: 'gemini-embedding-001', input: 'a' }, target).path).toMatch(/gemini-embedding-001:predict$/)
    const request = embeddings.toUpstream({ model: 'gemini-embedding-2', input: 'a', dimensions: 128 }, target)
    expect(request.path).toMatch(/gemini-embedding-2:embedContent$/)
    expect(JSON.parse(String(request.body))).toEqual({ content: { role: 'user', parts: [{ text: 'a' }] }, embedContentConfig: { outputDimensionality: 128 } })
    expect(() => embeddings.toUpstream({ model: 'gemini-embedding-2', input: ['a', 'b'] }, target)).toThrow(GatewayError)
  })

  it('maps predictions to the OpenAI list with usage from the token counts, as floats or base64', () => {
    const json = { predictions: [{ embeddings: { values: [0.5, -1], statistics: { token_count: 2, truncated: false } } }, { embeddings: { values: [0.25, 2], statistics: { token_count: 3 } } }] }
    const floats = embeddings.fromUpstream(json, context({ model: 'text-embedding-005', input: ['a', 'b'] })) as any
    expect(floats.data.map((item: any) => item.embedding)).toEqual([[0.5, -1], [0.25, 2]])
    expect(floats.usage).toEqual({ prompt_tokens: 5, total_tokens: 5 })
    const base64 = embeddings.fromUpstream(json, context({ model: 'text-embedding-005', input: ['a', 'b'], encoding_format: 'base64' })) as any
    const bytes = Buffer.from(base64.data[1].embedding, 'base64')
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([0.25, 2])
  })

  it('maps an :embedContent answer', () => {
    const list = embeddings.fromUpstream({ embedding: { values: [1] }, usageMetadata: { promptTokenCount: 4 } }, context({ model: 'gemini-embedding-2', input: 'a' })) as any
    expect(list.data[0].embedding).toEqual([1])
    expect(list.usage.prompt_tokens).toBe(4)
  })
})
