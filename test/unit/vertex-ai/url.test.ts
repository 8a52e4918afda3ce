import { describe, expect, it } from 'vitest'
import { vertexAdapter } from '../../../providers/vertex-ai/index'
import { GatewayError } from '../../../worker/http/errors'
import { keyPair, serviceAccountJson, vertexTarget } from './helpers'

const account = serviceAccountJson(keyPair())
const chat = vertexAdapter.endpoints.chat!
const say = [{ role: 'user', content: 'Hi' }]

describe('Vertex AI URLs', () => {
  it('uses the regional host, us-central1 by default', () => {
    expect(vertexAdapter.baseUrl(vertexTarget(account))).toBe('https://us-central1-aiplatform.googleapis.com')
    expect(vertexAdapter.baseUrl(vertexTarget(account, { vertexRegion: 'europe-west4' }))).toBe('https://europe-west4-aiplatform.googleapis.com')
  })

  it('uses aiplatform.googleapis.com for the global region, with locations/global in the path', () => {
    const target = vertexTarget(account, { vertexRegion: 'global' })
    expect(vertexAdapter.baseUrl(target)).toBe('https://aiplatform.googleapis.com')
    expect(chat.toUpstream({ model: 'gemini-2.5-flash', messages: say }, target).path).toBe('/v1/projects/sa-project/locations/global/publishers/google/models/gemini-2.5-flash:generateContent')
  })

  it('builds the Gemini paths for generateContent and SSE streaming, with the project from the service account', () => {
    const target = vertexTarget(account, { vertexRegion: 'europe-west4' })
    expect(chat.toUpstream({ model: 'gemini-2.5-flash', messages: say }, target).path).toBe('/v1/projects/sa-project/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent')
    const stream = chat.toUpstream({ model: 'gemini-2.5-flash', messages: say, stream: true }, target)
    expect(stream).toMatchObject({ path: '/v1/projects/sa-project/locations/europe-west4/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse', stream: true })
  })

  it('prefers vertexProjectId over the service account’s project', () => {
    const target = vertexTarget(account, { vertexProjectId: 'other-project' })
    expect(chat.toUpstream({ model: 'gemini-2.5-flash', messages: say }, target).path).toContain('/projects/other-project/')
  })

  it('answers 400 when no project is known (an access token without vertexProjectId)', () => {
    expect(() => chat.toUpstream({ model: 'gemini-2.5-flash', messages: say }, vertexTarget('ya29.token'))).toThrow(GatewayError)
    expect(chat.toUpstream({ model: 'gemini-2.5-flash', messages: say }, vertexTarget('ya29.token', { vertexProjectId: 'p1' })).path).toContain('/projects/p1/')
  })

  it('refuses regions and models that would change the host or path', () => {
    expect(() => vertexAdapter.baseUrl(vertexTarget(account, { vertexRegion: 'evil.com/x' }))).toThrow(GatewayError)
    expect(() => chat.toUpstream({ model: '../../x', messages: say }, vertexTarget(account))).toThrow(GatewayError)
  })

  it('sends the same Gemini body as the Gemini API adapter', () => {
    const body = JSON.parse(String(chat.toUpstream({ model: 'gemini-2.5-flash', messages: [{ role: 'system', content: 'S' }, ...say], max_tokens: 5 }, vertexTarget(account)).body))
    expect(body).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }], systemInstruction: { role: 'user', parts: [{ text: 'S' }] }, generationConfig: { maxOutputTokens: 5 } })
  })
})
