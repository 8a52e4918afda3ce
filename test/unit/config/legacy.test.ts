import { describe, expect, it } from 'vitest'
import { splitLegacyBody } from '../../../worker/config/legacy'

describe('splitLegacyBody', () => {
  it('splits the { config, params } body of the legacy fallback guide (seed 002)', () => {
    const config = { mode: 'fallback', options: [{ provider: 'openai', apiKey: 'k', override_params: { model: 'gpt-3.5-turbo' } }] }
    const params = { messages: [{ role: 'user', content: 'hi' }], max_tokens: 50, user: 'jbu3470' }
    expect(splitLegacyBody({ config, params })).toEqual({ body: params, config })
  })

  it('leaves an OpenAI body alone', () => {
    const body = { model: 'gpt-4o', messages: [] }
    expect(splitLegacyBody(body)).toEqual({ body })
  })

  it('needs params to be an object', () => {
    const body = { config: {}, params: 'x' }
    expect(splitLegacyBody(body)).toEqual({ body })
    expect(splitLegacyBody(null)).toEqual({ body: null })
  })

  it('treats a null config as no config', () => {
    expect(splitLegacyBody({ config: null, params: { model: 'm' } })).toEqual({ body: { model: 'm' } })
  })
})
