import { describe, expect, it } from 'vitest'
import { KeyCounters } from '../../../worker/auth/key-counters'
import { WINDOW_MS, advance, emptyCounter, usage, waitMs } from '../../../worker/auth/sliding-window'

const MINUTE = WINDOW_MS
const requests = (limit: number) => ({ requestsPerMinute: limit, tokens: 0 })

describe('the sliding-window request limit', () => {
  it('allows the limit within a minute, then refuses without counting the refusals', () => {
    const counters = new KeyCounters(0)
    const results = Array.from({ length: 5 }, (_, index) => counters.take(requests(3), 1_000 + index))
    expect(results.map((result) => result.allowed)).toEqual([true, true, true, false, false])
    expect(results[2].requests).toMatchObject({ limit: 3, remaining: 0 })
    // The two refusals were not counted: the minute still holds exactly 3.
    expect(results[4].requests!.remaining).toBe(0)
  })

  it('does not let a full minute be followed by a second full burst at the boundary', () => {
    const counters = new KeyCounters(0)
    for (let i = 0; i < 10; i++) expect(counters.take(requests(10), 0).allowed).toBe(true)
    const atBoundary = counters.take(requests(10), MINUTE)
    expect(atBoundary.allowed).toBe(false)
    // 10 × (60 − e)/60 + 1 ≤ 10 once e ≥ 6 s into the new minute.
    expect(atBoundary.retryAfterMs).toBe(6_000)
    expect(counters.take(requests(10), MINUTE + 5_999).allowed).toBe(false)
    expect(counters.take(requests(10), MINUTE + 6_000).allowed).toBe(true)
  })

  it('forgets everything after two idle minutes', () => {
    const counters = new KeyCounters(0)
    for (let i = 0; i < 3; i++) counters.take(requests(3), 10)
    expect(counters.take(requests(3), 2 * MINUTE + 10)).toMatchObject({ allowed: true, requests: { remaining: 2 } })
  })

  it('reports a wait after which the refused request is allowed, and not a millisecond earlier', () => {
    // Deterministic pseudo-random traffic against one counter.
    let seed = 7
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
    for (let round = 0; round < 200; round++) {
      const limit = 1 + Math.floor(random() * 20)
      let counter = emptyCounter(0)
      counter = { ...counter, previous: Math.floor(random() * (limit + 1)), current: Math.floor(random() * (limit + 1)) }
      const now = counter.start + Math.floor(random() * MINUTE)
      const need = 1 + Math.floor(random() * limit)
      const wait = waitMs(counter, now, limit, need)
      const fitsAt = (time: number) => usage(advance(counter, time), time) + need <= limit
      if (wait === 0) expect(fitsAt(now)).toBe(true)
      else {
        expect(fitsAt(now + wait)).toBe(true)
        expect(fitsAt(now + wait - 1)).toBe(false)
      }
    }
  })
})

describe('the token limit', () => {
  it('charges max_tokens up front and takes corrections from the answers', () => {
    const counters = new KeyCounters(0)
    const take = (tokens: number, at: number) => counters.take({ tokensPerMinute: 100, tokens }, at)
    expect(take(60, 0)).toMatchObject({ allowed: true, tokens: { remaining: 40 } })
    const refused = take(60, 1)
    expect(refused.allowed).toBe(false)
    expect(refused.retryAfterMs).toBeGreaterThan(0)
    counters.record(18 - 60, 2) // the answer used 18 tokens
    expect(take(60, 3)).toMatchObject({ allowed: true, tokens: { remaining: 22 } })
  })

  it('lets a request whose tokens are counted afterwards through only while a token is left', () => {
    const counters = new KeyCounters(0)
    counters.take({ tokensPerMinute: 50, tokens: 0 }, 0)
    counters.record(50, 1)
    expect(counters.take({ tokensPerMinute: 50, tokens: 0 }, 2).allowed).toBe(false)
  })

  it('charges at most the limit, so a large max_tokens can pass in an empty minute', () => {
    const counters = new KeyCounters(0)
    expect(counters.take({ tokensPerMinute: 100, tokens: 5_000 }, 0)).toMatchObject({ allowed: true, tokens: { remaining: 0 } })
  })

  it('counts a request only when both limits allow it', () => {
    const counters = new KeyCounters(0)
    counters.take({ requestsPerMinute: 10, tokensPerMinute: 100, tokens: 100 }, 0)
    const refused = counters.take({ requestsPerMinute: 10, tokensPerMinute: 100, tokens: 10 }, 1)
    expect(refused.allowed).toBe(false)
    expect(refused.requests!.remaining).toBe(9)
  })
})
