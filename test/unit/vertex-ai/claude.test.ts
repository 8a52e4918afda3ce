import { describe, expect, it } from 'vitest'
import { VERTEX_ANTHROPIC_VERSION, vertexAdapter } from '../../../providers/vertex-ai/index'
import { keyPair, serviceAccountJson, vertexTarget } from './helpers'

const target = vertexTarget(serviceAccountJson(keyPair()), { vertexRegion: 'us-east5' })
const chat = vertexAdapter.endpoints.chat!
const context = (model: string) => ({ endpoint: 'chat' as const, body: { model }, target, id: 'chatcmpl-v', created: 1, includeUsage: true, warn: () => {} })

describe('Claude on Vertex AI', () => {
  it('posts to the anthropic publisher’s rawPredict with the model in the URL, not the body, and anthropic_version in the body', () => {
    const request = chat.toUpstream({ model: 'claude-sonnet-4@20250514', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 100 }, target)
    expect(request).toMatchObject({ path: '/v1/projects/sa-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict', stream: false })
    const body = JSON.parse(String(request.body))
    expect(body).not.toHaveProperty('model')
    expect(body).toMatchObject({ anthropic_version: VERTEX_ANTHROPIC_VERSION, max_tokens: 100, messages: [{ role: 'user' }] })
    expect(VERTEX_ANTHROPIC_VERSION).toBe('vertex-2023-10-16')
  })

  it('streams through streamRawPredict with stream in the body', () => {
    const request = chat.toUpstream({ model: 'claude-sonnet-4@20250514', messages: [{ role: 'user', content: 'Hi' }], stream: true }, target)
    expect(request.path).toMatch(/:streamRawPredict$/)
    expect(request.stream).toBe(true)
    expect(JSON.parse(String(request.body)).stream).toBe(true)
  })

  it('maps a Messages API answer for Claude models and a Gemini answer for the others', () => {
    const claude = chat.fromUpstream({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4', content: [{ type: 'text', text: 'Hi!' }], stop_reason: 'end_turn', usage: { input_tokens: 3, output_tokens: 2 } }, context('claude-sonnet-4@20250514')) as any
    expect(claude.choices[0]).toMatchObject({ message: { content: 'Hi!' }, finish_reason: 'stop' })
    const gemini = chat.fromUpstream({ candidates: [{ content: { parts: [{ text: 'Hey' }] }, finishReason: 'STOP' }] }, context('gemini-2.5-flash')) as any
    expect(gemini.choices[0]).toMatchObject({ message: { content: 'Hey' }, finish_reason: 'stop' })
  })

  it('maps Anthropic-shaped errors with Anthropic’s rules and Google-shaped ones with Google’s, both attributed to vertex-ai', () => {
    const overloaded = chat.toError(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, new Headers())
    expect(overloaded).toMatchObject({ status: 503, retryable: true, provider: 'vertex-ai' })
    const quota = chat.toError(429, { error: { code: 429, message: 'Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model', status: 'RESOURCE_EXHAUSTED' } }, new Headers())
    expect(quota).toMatchObject({ status: 429, code: 'rate_limit_exceeded', provider: 'vertex-ai', retryable: true })
  })

  it('lets the executor prefill Claude but not Gemini', () => {
    const prefill = vertexAdapter.capabilities!.prefill as (model: string) => boolean
    expect(prefill('claude-sonnet-4@20250514')).toBe(true)
    expect(prefill('gemini-2.5-flash')).toBe(false)
  })
})
