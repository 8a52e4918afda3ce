import { describe, expect, it } from 'vitest'
import { googleAdapter } from '../../../providers/google/index'
import type { SignableRequest } from '../../../providers/types'
import { GatewayError } from '../../../worker/http/errors'
import { context, target } from './helpers'

const deps = { fetch: globalThis.fetch, now: () => 0 }
const signable = (path: string): SignableRequest => ({ url: new URL(googleAdapter.baseUrl(target()) + path), method: 'POST', headers: new Headers() })

describe('Gemini adapter', () => {
  it('targets generativelanguage.googleapis.com', () => {
    expect(googleAdapter.baseUrl(target())).toBe('https://generativelanguage.googleapis.com')
  })

  it('sends the key only in the x-goog-api-key header, never in the URL', async () => {
    const request = signable('/v1beta/models/gemini-2.5-flash:generateContent')
    await googleAdapter.authenticate(request, target(), deps)
    expect(request.headers.get('x-goog-api-key')).toBe('AIza-test-key')
    expect(request.url.toString()).not.toContain('AIza-test-key')
    expect(request.url.searchParams.has('key')).toBe(false)
  })

  it('refuses to send a request without a key', () => {
    expect(() => googleAdapter.authenticate(signable('/'), { ...target(), apiKey: undefined }, deps)).toThrow(GatewayError)
  })

  it('lists models without the models/ prefix', () => {
    const models = googleAdapter.endpoints.models!
    expect(models.toUpstream({}, target())).toMatchObject({ path: '/v1beta/models?pageSize=1000', method: 'GET' })
    const list = models.fromUpstream({ models: [{ name: 'models/gemini-2.5-flash', displayName: 'Gemini 2.5 Flash' }] }, { ...context(), endpoint: 'models' })
    expect(list).toEqual({ object: 'list', data: [{ id: 'gemini-2.5-flash', object: 'model', created: 0, owned_by: 'google' }] })
  })
})
