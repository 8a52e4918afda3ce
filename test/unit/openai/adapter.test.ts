import { describe, expect, it } from 'vitest'
import { decodeFloat32Base64, openAIAdapter } from '../../../providers/openai'
import type { SignableRequest, Target } from '../../../providers/types'
import { GatewayError } from '../../../worker/http/errors'
import { makeContext, TEST_TARGET } from './replay'

const deps = { fetch, now: () => 0 }

function signable(): SignableRequest {
  return { url: new URL('https://api.openai.com/v1/chat/completions'), method: 'POST', headers: new Headers() }
}

describe('openai toUpstream', () => {
  it('sends the body as JSON to the endpoint path, unknown parameters included', () => {
    const body = { model: 'gpt-4o', messages: [], stream: true, reasoning_effort: 'low', some_future_param: { x: 1 } }
    const request = openAIAdapter.endpoints.chat!.toUpstream(body, TEST_TARGET)
    expect(request).toMatchObject({ path: '/chat/completions', method: 'POST', stream: true, headers: { 'content-type': 'application/json' } })
    expect(JSON.parse(request.body as string)).toEqual(body)
  })

  it('uses each endpoint path and streams only where the body asks', () => {
    const paths = (['completions', 'embeddings', 'images'] as const).map((endpoint) => openAIAdapter.endpoints[endpoint]!.toUpstream({ model: 'm' }, TEST_TARGET))
    expect(paths.map((request) => [request.path, request.stream])).toEqual([['/completions', false], ['/embeddings', false], ['/images/generations', false]])
    expect(openAIAdapter.endpoints.embeddings!.toUpstream({ model: 'm', stream: true }, TEST_TARGET).stream).toBe(false)
  })

  it('lists models with GET /models and retrieves one with GET /models/{id}, keeping slashes', () => {
    const models = openAIAdapter.endpoints.models!
    expect(models.toUpstream({}, TEST_TARGET)).toEqual({ path: '/models', method: 'GET', stream: false })
    expect(models.toUpstream({ model: 'ft:gpt-4o:acme' }, TEST_TARGET).path).toBe('/models/ft%3Agpt-4o%3Aacme')
    expect(models.toUpstream({ model: 'openai/gpt-4o' }, TEST_TARGET).path).toBe('/models/openai/gpt-4o')
  })

  it('has the OpenAI base URL and serves all five endpoints', () => {
    expect(openAIAdapter.baseUrl(TEST_TARGET)).toBe('https://api.openai.com/v1')
    expect(Object.keys(openAIAdapter.endpoints).sort()).toEqual(['chat', 'completions', 'embeddings', 'images', 'models'])
  })
})

describe('openai authenticate', () => {
  it('sends a Bearer key plus organization and project headers when set', async () => {
    const request = signable()
    const target: Target = { ...TEST_TARGET, options: { openaiOrganization: 'org-1', openaiProject: 'proj-1' } }
    await openAIAdapter.authenticate(request, target, deps)
    expect(request.headers.get('authorization')).toBe('Bearer sk-test')
    expect(request.headers.get('openai-organization')).toBe('org-1')
    expect(request.headers.get('openai-project')).toBe('proj-1')
  })

  it('sends no authorization without a key', async () => {
    const request = signable()
    await openAIAdapter.authenticate(request, { ...TEST_TARGET, apiKey: undefined, keySource: 'none' }, deps)
    expect(request.headers.has('authorization')).toBe(false)
  })
})

describe('openai fromUpstream', () => {
  const chat = openAIAdapter.endpoints.chat!
  const completion = { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o', choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }], extra: 1 }

  it('returns a valid body as it came', () => {
    expect(chat.fromUpstream(structuredClone(completion), makeContext('chat').context)).toEqual(completion)
  })

  it('rejects a body without choices as an unreadable (502, retryable) provider answer', () => {
    const error = (() => {
      try {
        chat.fromUpstream({ id: 'x' }, makeContext('chat').context)
      } catch (thrown) {
        return thrown as GatewayError
      }
    })()
    expect(error).toBeInstanceOf(GatewayError)
    expect([error!.status, error!.code, error!.retryable]).toEqual([502, 'invalid_provider_response', true])
    expect(error!.message).toContain('choices')
  })

  it('raises an error carried inside a 200 JSON body', () => {
    expect(() => chat.fromUpstream({ error: { code: 402, message: 'Insufficient credits' } }, makeContext('chat').context)).toThrow(
      expect.objectContaining({ status: 402, message: 'Insufficient credits' }),
    )
  })

  it('re-encodes float embeddings as base64 float32 when the caller asked for base64', () => {
    const embeddings = openAIAdapter.endpoints.embeddings!
    const body = { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.5, -0.25, 1.5] }], model: 'm' }
    const asked = embeddings.fromUpstream(structuredClone(body), makeContext('embeddings', { model: 'm', encoding_format: 'base64' }).context) as any
    expect(typeof asked.data[0].embedding).toBe('string')
    expect(decodeFloat32Base64(asked.data[0].embedding)).toEqual([0.5, -0.25, 1.5])
    const floats = embeddings.fromUpstream(structuredClone(body), makeContext('embeddings', { model: 'm' }).context) as any
    expect(floats.data[0].embedding).toEqual([0.5, -0.25, 1.5])
  })

  it('checks models as a list, or as one model when one was asked for', () => {
    const models = openAIAdapter.endpoints.models!
    expect(() => models.fromUpstream({ object: 'list', data: [{ id: 'a' }] }, makeContext('models', {}).context)).not.toThrow()
    expect(() => models.fromUpstream({ id: 'a', object: 'model' }, makeContext('models', { model: 'a' }).context)).not.toThrow()
    expect(() => models.fromUpstream({ id: 'a' }, makeContext('models', {}).context)).toThrow(GatewayError)
  })
})
