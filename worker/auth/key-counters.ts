import type { LimitState } from './rate-limit-headers'
import { type WindowCounter, advance, emptyCounter, usage, waitMs } from './sliding-window'

/** What a request asks of its key's limits (the limits travel along: an admin may change them). */
export interface TakeRequest {
  requestsPerMinute?: number
  tokensPerMinute?: number
  /** Tokens charged up front (max_tokens × n), 0 when unknown. */
  tokens: number
}

export interface TakeResult {
  allowed: boolean
  /** Milliseconds until the refused request would be allowed; 0 when allowed. */
  retryAfterMs: number
  requests?: LimitState
  tokens?: LimitState
}

/**
 * One key's request and token counters. A request is counted only when every limit allows it,
 * so refused requests cost nothing. Time is passed in, so tests run on a fake clock.
 */
export class KeyCounters {
  private requests: WindowCounter
  private tokens: WindowCounter

  constructor(now: number) {
    this.requests = emptyCounter(now)
    this.tokens = emptyCounter(now)
  }

  take(request: TakeRequest, now: number): TakeResult {
    this.requests = advance(this.requests, now)
    this.tokens = advance(this.tokens, now)
    const requests = check(this.requests, now, request.requestsPerMinute, 1)
    // A request that reports its tokens only afterwards still needs one token of room.
    const tokens = check(this.tokens, now, request.tokensPerMinute, request.tokens)
    const retryAfterMs = Math.max(requests?.waitMs ?? 0, tokens?.waitMs ?? 0)
    if (retryAfterMs === 0) {
      if (requests) {
        this.requests.current += 1
        requests.remaining -= 1
      }
      if (tokens) {
        const charged = Math.min(request.tokens, tokens.limit)
        this.tokens.current += charged
        tokens.remaining -= charged
      }
    }
    return { allowed: retryAfterMs === 0, retryAfterMs, requests, tokens }
  }

  /** Adds (or, for a correction, subtracts) tokens counted after the response. */
  record(tokens: number, now: number): void {
    this.tokens = advance(this.tokens, now)
    this.tokens.current = Math.max(0, this.tokens.current + tokens)
  }
}

function check(counter: WindowCounter, now: number, limit: number | undefined, cost: number): LimitState | undefined {
  if (limit === undefined) return undefined
  const need = Math.min(Math.max(cost, 1), limit)
  return { limit, remaining: limit - usage(counter, now), waitMs: waitMs(counter, now, limit, need) }
}
