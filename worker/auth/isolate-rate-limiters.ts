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
  private readonly limiters = new Map<string, RateLimiter>()

  constructor(private readonly maxKeys = MAX_KEYS) {}

  idFromName(name: string): string {
    return name
  }

  get(id: unknown): { fetch(url: string, init: RequestInit): Promise<Response> } {
    const name = String(id)
    let limiter = this.limiters.get(name)
    if (limiter) {
      // Most recently used last, so eviction takes the idlest key.
      this.limiters.delete(name)
    } else {
      limiter = new RateLimiter()
      if (this.limiters.size >= this.maxKeys) this.limiters.delete(this.limiters.keys().next().value!)
    }
    this.limiters.set(name, limiter)
    const target = limiter
    return { fetch: (url, init) => target.fetch(new Request(url, init)) }
  }

  get size(): number {
    return this.limiters.size
  }
}

export const isolateRateLimiters = new IsolateRateLimiters()
