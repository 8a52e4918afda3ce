import { describe, expect, it } from 'vitest'
import { didYouMean, levenshtein, suggestionSuffix } from '../../../worker/config/did-you-mean'

describe('levenshtein', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3)
    expect(levenshtein('', 'abc')).toBe(3)
    expect(levenshtein('abc', '')).toBe(3)
    expect(levenshtein('same', 'same')).toBe(0)
  })
})

describe('didYouMean', () => {
  const keys = ['override_params', 'retry', 'request_timeout', 'targets', 'strategy']

  it('suggests the closest key for a typo', () => {
    expect(didYouMean('overide_params', keys)).toBe('override_params')
    expect(didYouMean('retries', keys)).toBe('retry')
    expect(didYouMean('target', keys)).toBe('targets')
  })

  it('treats camelCase, dashes and underscores alike', () => {
    expect(didYouMean('overrideParms', keys)).toBe('override_params')
    expect(didYouMean('request-timeout', keys)).toBe('request_timeout')
  })

  it('suggests nothing when no candidate is close', () => {
    expect(didYouMean('banana', keys)).toBeUndefined()
    expect(suggestionSuffix('banana', keys)).toBe('')
  })

  it('formats the suggestion for a message', () => {
    expect(suggestionSuffix('stratgy', keys)).toBe(" (did you mean 'strategy'?)")
  })
})
