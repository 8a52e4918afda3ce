/** The per-key limit headers, named as OpenAI names its own (`x-ratelimit-*`). */
export const RATE_LIMIT_HEADER_NAMES = [
  'x-ratelimit-limit-requests',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-reset-requests',
  'x-ratelimit-limit-tokens',
  'x-ratelimit-remaining-tokens',
  'x-ratelimit-reset-tokens',
]

/** One limit's state after a request was counted (or refused). */
export interface LimitState {
  limit: number
  remaining: number
  /** Milliseconds until the request would be allowed; 0 when allowed. */
  waitMs: number
}

/** The x-ratelimit-* headers of a key's limits; `reset` only when the limit refused the request. */
export function rateLimitHeaders(requests?: LimitState, tokens?: LimitState): Record<string, string> {
  const headers: Record<string, string> = {}
  const set = (kind: 'requests' | 'tokens', state?: LimitState) => {
    if (!state) return
    headers[`x-ratelimit-limit-${kind}`] = String(state.limit)
    headers[`x-ratelimit-remaining-${kind}`] = String(Math.max(0, Math.floor(state.remaining)))
    if (state.waitMs > 0) headers[`x-ratelimit-reset-${kind}`] = `${Math.ceil(state.waitMs / 1000)}s`
  }
  set('requests', requests)
  set('tokens', tokens)
  return headers
}
