import { KeyCounters, type TakeRequest } from './key-counters'

/** Messages the request path sends to a key's RateLimiter. */
export type RateLimiterMessage = ({ op: 'take' } & TakeRequest) | { op: 'record'; tokens: number }

/**
 * Durable Object holding one gateway key's rate-limit counters (one instance per key id), so
 * that every isolate counts against the same minute. Bind it as RATE_LIMITER. Counters live in
 * memory: an instance stays alive while its key is busy, and an idle minute has nothing to keep.
 */
export class RateLimiter {
  private counters: KeyCounters | undefined

  async fetch(request: Request): Promise<Response> {
    let message: RateLimiterMessage
    try {
      message = (await request.json()) as RateLimiterMessage
    } catch {
      return new Response('expected a JSON message', { status: 400 })
    }
    const now = Date.now()
    const counters = (this.counters ??= new KeyCounters(now))
    if (message.op === 'take') {
      const limits = {
        requestsPerMinute: positive(message.requestsPerMinute),
        tokensPerMinute: positive(message.tokensPerMinute),
        tokens: positive(message.tokens) ?? 0,
      }
      return Response.json(counters.take(limits, now))
    }
    if (message.op === 'record' && Number.isFinite(message.tokens)) {
      counters.record(message.tokens, now)
      return new Response(null, { status: 204 })
    }
    return new Response('unknown message', { status: 400 })
  }
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined
}
