import { describe, expect, test } from 'vitest'
import { BACKOFF_CAP_MS, backoffDelay, retryAfterMs } from '../../../worker/executor/backoff'
import { weightedPick } from '../../../worker/executor/weighted-pick'

describe('backoff', () => {
  test('grows exponentially under full jitter and never passes the cap', () => {
    expect(backoffDelay(0, () => 0.999)).toBeLessThan(200)
    expect(backoffDelay(3, () => 0.999)).toBeGreaterThan(1500)
    expect(backoffDelay(30, () => 0.999)).toBeLessThan(BACKOFF_CAP_MS)
    expect(backoffDelay(5, () => 0)).toBe(0)
  })

  test('reads retry-after-ms before retry-after, and retry-after as seconds or a date', () => {
    const now = Date.parse('2026-11-21T00:00:00Z')
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250.5', 'retry-after': '9' }), now)).toBe(250.5)
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000)
    expect(retryAfterMs({ 'retry-after': 'Sat, 21 Nov 2026 00:00:03 GMT' }, now)).toBe(3000)
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined()
    expect(retryAfterMs(undefined, now)).toBeUndefined()
  })
})

describe('weighted pick', () => {
  test('picks in proportion to weight and skips zero weights', () => {
    const counts = [0, 0, 0]
    for (let i = 0; i < 1000; i++) counts[weightedPick([1, 0, 3], () => (i + 0.5) / 1000)]++
    expect(counts[1]).toBe(0)
    expect(counts[0]).toBe(250)
    expect(counts[2]).toBe(750)
  })

  test('picks uniformly when every weight is zero', () => {
    expect(weightedPick([0, 0], () => 0.75)).toBe(1)
  })
})
