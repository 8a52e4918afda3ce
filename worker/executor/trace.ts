import type { AttemptSummary } from '../http/errors'

export type AttemptOutcome = 'success' | 'error' | 'skipped' | 'timeout' | 'network_error' | 'cancelled'

/** One attempt at one target; headers, the error's `attempts` list and the log derive from these. */
export interface AttemptRecord {
  target: string
  provider: string
  model?: string
  status: number
  outcome: AttemptOutcome
  message?: string
  latencyMs: number
  /** 0 for the first try at a target, 1 for its first retry, ... */
  retry: number
  /** A continuation of a broken stream (mid-stream recovery), or a hedged extra request. */
  kind?: 'continuation' | 'hedge'
  /** What broke the stream a continuation picked up. */
  cause?: string
}

/** The per-request trace: every attempt, in order. */
export class Trace {
  readonly attempts: AttemptRecord[] = []
  constructor(readonly traceId: string, readonly startedAt: number) {}

  record(attempt: AttemptRecord): void {
    this.attempts.push(attempt)
  }

  /** The attempts as listed in an exhausted chain's error envelope. */
  summaries(): AttemptSummary[] {
    return this.attempts.map((attempt) => ({
      target: attempt.target,
      provider: attempt.provider,
      status: attempt.status,
      message: attempt.message ?? attempt.outcome,
    }))
  }

  /** One structured log line per request; carries no header, body or key. */
  log(fields: Record<string, unknown>): void {
    console.log(JSON.stringify({ trace_id: this.traceId, ...fields, attempts: this.attempts }))
  }
}
