import type { Endpoint, OpenAIBody } from '../../providers/types'
import { GatewayError, badRequest } from '../http/errors'
import type { Env } from '../platform/env'
import type { TakeResult } from './key-counters'
import type { KeyRecord } from './key-record'
import type { RateLimiterMessage } from './rate-limiter'
import { isolateRateLimiters } from './isolate-rate-limiters'
import { rateLimitHeaders } from './rate-limit-headers'
import { meterResponse } from './usage-meter'

interface LimiterNamespace {
  idFromName(name: string): unknown
  get(id: unknown): { fetch(url: string, init: RequestInit): Promise<Response> }
}

/** A request counted against its key's limits: the headers to send and how to settle its tokens. */
export interface RateMeter {
  headers: Record<string, string>
  /** Adds the headers; with a token limit, counts the answer's usage.total_tokens afterwards. */
  settle(response: Response, waitUntil?: (promise: Promise<unknown>) => void): Promise<Response>
}

/**
 * Counts a request against its key's per-minute limits in the key's RateLimiter Durable Object:
 * one round trip, and none for a key without limits. Refused → 429 with Retry-After (seconds).
 * Tokens are charged up front as max_tokens × n, then corrected to the answer's
 * usage.total_tokens (JSON answers, and streams that report usage).
 */
export async function takeRateLimit(record: KeyRecord | undefined, endpoint: Endpoint, body: OpenAIBody, env: Env): Promise<RateMeter | undefined> {
  const limits = record?.policy.rate_limit
  if (!record || !limits || (limits.requests_per_minute === undefined && limits.tokens_per_minute === undefined)) return undefined
  const estimate = upfrontTokens(body)
  if (limits.tokens_per_minute !== undefined && body.stream === true && estimate === 0 && !includesUsage(body)) {
    throw badRequest('This gateway key has a token limit, so a streaming request must set max_tokens (or max_completion_tokens) or stream_options.include_usage: true, to be counted.', 'max_tokens', 'token_limit_needs_count')
  }
  const limiter = namespace(env)
  const stub = limiter.get(limiter.idFromName(record.id))
  const send = (message: RateLimiterMessage) => stub.fetch('https://rate-limiter/', { method: 'POST', body: JSON.stringify(message) })
  const result = await take(send, { op: 'take', requestsPerMinute: limits.requests_per_minute, tokensPerMinute: limits.tokens_per_minute, tokens: estimate })
  const headers = rateLimitHeaders(result.requests, result.tokens)
  if (!result.allowed) throw tooManyRequests(record, result, headers)
  const charged = result.tokens ? Math.min(estimate, result.tokens.limit) : 0
  return {
    headers,
    settle(response, waitUntil) {
      const report = (tokens: number) => {
        const correction = tokens - charged
        if (correction === 0) return
        const sent = send({ op: 'record', tokens: correction }).then((answer) => answer.body?.cancel()).catch(() => undefined)
        waitUntil?.(sent)
      }
      return meterResponse(response, headers, result.tokens ? report : undefined, endpoint)
    },
  }
}

function upfrontTokens(body: OpenAIBody): number {
  const max = typeof body.max_tokens === 'number' ? body.max_tokens : typeof body.max_completion_tokens === 'number' ? body.max_completion_tokens : 0
  const n = typeof body.n === 'number' && body.n > 1 ? body.n : 1
  return max > 0 ? Math.ceil(max) * n : 0
}

function includesUsage(body: OpenAIBody): boolean {
  return (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true
}

function namespace(env: Env): LimiterNamespace {
  const binding = env.RATE_LIMITER as LimiterNamespace | undefined
  if (binding && typeof binding.idFromName === 'function') return binding
  if (env.RATE_LIMIT_SCOPE === 'isolate') return isolateRateLimiters
  throw new GatewayError(500, 'This gateway key has rate limits, but the gateway has no RATE_LIMITER Durable Object binding (see wrangler.toml), and RATE_LIMIT_SCOPE=isolate is not set.', {
    code: 'rate_limiter_missing',
    retryable: false,
  })
}

async function take(send: (message: RateLimiterMessage) => Promise<Response>, message: RateLimiterMessage): Promise<TakeResult> {
  try {
    const answer = await send(message)
    if (answer.ok) return (await answer.json()) as TakeResult
    await answer.body?.cancel()
  } catch {
    // Reported below: limits fail closed.
  }
  throw new GatewayError(503, 'The rate limiter (Durable Object RATE_LIMITER) could not be reached. Try again.', {
    code: 'rate_limiter_unavailable',
    retryable: true,
  })
}

function tooManyRequests(record: KeyRecord, result: TakeResult, headers: Record<string, string>): GatewayError {
  const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000))
  const refused = [
    result.requests?.waitMs ? `${result.requests.limit} requests per minute` : undefined,
    result.tokens?.waitMs ? `${result.tokens.limit} tokens per minute` : undefined,
  ].filter(Boolean)
  return new GatewayError(429, `Rate limit of gateway key ${record.id} exceeded (${refused.join(' and ')}). Retry after ${seconds} s.`, {
    type: 'rate_limit_error',
    code: 'rate_limit_exceeded',
    retryable: true,
    headers: { ...headers, 'retry-after': String(seconds) },
  })
}
