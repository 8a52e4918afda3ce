import { BoundedMap } from '../config/bounded-map'
import { RateLimiter } from './rate-limiter'

/** Keys with counters kept at once; the longest-unused goes first. */
const MAX_KEYS = 10_000

/**
 * RateLimiter instances kept in this isolate's memory, shaped like the RATE_LIMITER namespace,
 * for runtimes without Durable Objects (Deno, Vercel Edge) when the operator opts in with
 * RATE_LIMIT_SCOPE=isolate. Each process counts on its own: exact for one process, while N
 * instances let a key through up to N times its limit.
 */
export class IsolateRateLimiters {
  private readonly limiters: BoundedMap<string, RateLimiter>

  constructor(maxKeys = MAX_KEYS) {
    this.limiters = new BoundedMap(maxKeys)
  }

  idFromName(name: string): string {
    return name
  }

  get(id: unknown): { fetch(url: string, init: RequestInit): Promise<Response> } {
    const name = String(id)
    const limiter = this.limiters.get(name) ?? new RateLimiter()
    // Set on every use, so that the key pushed out when the map is full is the idlest one.
    this.limiters.set(name, limiter)
    return { fetch: (url, init) => limiter.fetch(new Request(url, init)) }
  }

  get size(): number {
    return this.limiters.size
  }
}

export const isolateRateLimiters = new IsolateRateLimiters()
