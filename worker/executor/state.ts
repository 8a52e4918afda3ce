import type { DurableObjectNamespace } from '@cloudflare/workers-types'
import type { Endpoint, OpenAIBody } from '../../providers/types'
import type { BreakerBoard } from './breaker'
import type { BreakerSync } from './breaker-sync'
import type { Trace } from './trace'

/** I/O and time, injected so that tests can run on fake clocks. */
export interface ExecutorDeps {
  fetch: typeof fetch
  now: () => number
  random: () => number
  /** Resolves after `ms`, or rejects when `signal` aborts first. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>
}

/** Everything one request's walk through its plan shares. */
export interface RunState {
  endpoint: Endpoint
  /** The validated body, before a target's override_params. */
  body: OpenAIBody
  stream: boolean
  includeUsage: boolean
  /** The caller's request headers (for forward_headers). */
  callerHeaders: Headers
  /** Aborts when the caller goes away, or when a hedged branch loses. */
  signal: AbortSignal
  /** Epoch ms after which no new attempt starts and a pending one is cut. */
  deadline: number
  /** Shared by every branch: attempts still allowed for this request, across retries and fallbacks. */
  budget: { attemptsLeft: number }
  conditionContext: { metadata: Record<string, unknown>; params: Record<string, unknown> }
  created: number
  trace: Trace
  deps: ExecutorDeps
  breakers: BreakerBoard
  breakerSync: BreakerSync
  breakerNamespace?: DurableObjectNamespace
  waitUntil: (promise: Promise<unknown>) => void
  /** Try targets even when their breaker is open (the chain had nothing else). */
  ignoreBreakers?: boolean
  /** After a context-length error: only targets with a larger `context_window` may answer. */
  minContextWindow?: number
}

/** Default time budget of one request across all its attempts, before the answer is committed. */
export const DEFAULT_TOTAL_TIMEOUT_MS = 10 * 60_000
/** Attempts one request may make in all, however retries, fallbacks and hedges multiply. */
export const MAX_ATTEMPTS_PER_REQUEST = 24
/** A provider asking to wait longer than this is not retried; the chain moves on. */
export const MAX_RETRY_AFTER_MS = 60_000

export const defaultDeps: ExecutorDeps = {
  fetch: (input, init) => fetch(input, init),
  now: () => Date.now(),
  random: Math.random,
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason)
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      const onAbort = () => {
        clearTimeout(timer)
        reject(signal.reason)
      }
      signal.addEventListener('abort', onAbort, { once: true })
    }),
}
