import { describe, expect, it } from 'vitest'
import { PROVIDER_IDS, canonicalProvider, unknownProviderMessage } from '../../../worker/config/provider-ids'

describe('canonicalProvider', () => {
  it('returns every canonical id unchanged', () => {
    for (const id of PROVIDER_IDS) expect(canonicalProvider(id)).toBe(id)
  })

  it.each([
    ['stabilityai', 'stability-ai'],
    ['azure', 'azure-openai'],
    ['gemini', 'google'],
    ['vertex', 'vertex-ai'],
    ['mistral', 'mistral-ai'],
    ['together', 'together-ai'],
    ['fireworks', 'fireworks-ai'],
    ['perplexity', 'perplexity-ai'],
    ['xai', 'x-ai'],
    ['aws-bedrock', 'bedrock'],
    ['OpenAI', 'openai'],
  ])('maps the alias %s to %s', (alias, id) => {
    expect(canonicalProvider(alias)).toBe(id)
  })

  it('returns undefined for an unknown provider', () => {
    expect(canonicalProvider('palm2')).toBeUndefined()
  })
})

describe('unknownProviderMessage', () => {
  it('suggests the canonical id of the closest name', () => {
    expect(unknownProviderMessage('opneai')).toContain("did you mean 'openai'?")
    expect(unknownProviderMessage('stabilityi')).toContain("did you mean 'stability-ai'?")
  })
})
