import { describe, expect, test } from 'vitest'
import { IsolateRateLimiters } from '../../../worker/auth/isolate-rate-limiters'

const take = (limiters: IsolateRateLimiters, key: string) =>
  limiters.get(limiters.idFromName(key)).fetch('https://rate-limiter/', { method: 'POST', body: JSON.stringify({ op: 'take', requestsPerMinute: 2 }) }).then((answer) => answer.json() as Promise<{ allowed: boolean }>)

describe('isolate rate limiters', () => {
  test('each key counts on its own, in memory', async () => {
    const limiters = new IsolateRateLimiters()
    expect((await take(limiters, 'a')).allowed).toBe(true)
    expect((await take(limiters, 'a')).allowed).toBe(true)
    expect((await take(limiters, 'a')).allowed).toBe(false)
    expect((await take(limiters, 'b')).allowed).toBe(true)
  })

  test('stays bounded: past its size the longest-unused key is forgotten', async () => {
    const limiters = new IsolateRateLimiters(2)
    await take(limiters, 'a')
    await take(limiters, 'b')
    await take(limiters, 'a')
    await take(limiters, 'c')
    expect(limiters.size).toBe(2)
    // 'b' was the idlest and went; 'a' keeps its count (two taken: the third is refused).
    expect((await take(limiters, 'a')).allowed).toBe(false)
  })
})
