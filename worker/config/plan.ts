import type { Target } from '../../providers/types'

/** Retry on the same target (Portkey's `retry`). */
export interface RetrySettings {
  /** Extra attempts after the first, 0–5. */
  attempts: number
  onStatusCodes: number[]
  /** Wait as long as `retry-after` / `retry-after-ms` ask (capped by the request's budget). */
  useRetryAfterHeader: boolean
}

/** The clocks of one attempt, in milliseconds. */
export interface AttemptClocks {
  /** From sending the request to the response headers. */
  headersMs: number
  /** From the headers to the first content-bearing stream event (the commit point). */
  firstTokenMs: number
  /** Longest silence between two stream events (or while reading a JSON body). */
  idleMs: number
}

/** Skip a target that keeps failing for a cool-down, then probe it with one request. */
export interface BreakerSettings {
  enabled: boolean
  /** Consecutive failures that open the breaker. */
  failureThreshold: number
  cooldownMs: number
}

/** A leaf of the plan: one provider account and how to call it. */
export interface LeafNode extends Target {
  kind: 'target'
  name?: string
  weight: number
  /** Merged down the tree; a child's value wins over its parent's. */
  overrideParams: Record<string, unknown>
  retry: RetrySettings
  /** Milliseconds; the attempt (until the response is committed) is cut after this. */
  requestTimeout?: number
  /** Lower-case names of caller headers forwarded to the provider as they are. */
  forwardHeaders: string[]
  clocks: AttemptClocks
  /** Continue a committed stream that breaks on the next capable target (chat only). */
  midStreamRecovery: boolean
  breaker: BreakerSettings
  /** A content-policy refusal is returned to the caller, or routed around. */
  onContentPolicy: 'return' | 'fallback'
  /** The target's context window in tokens, when the config says; used after context-length errors. */
  contextWindow?: number
}

export type StrategyMode = 'single' | 'fallback' | 'loadbalance' | 'conditional'

export interface Condition {
  query: Record<string, unknown>
  then: string
}

/** An inner node: how to choose among its children. */
export interface StrategyNode {
  kind: 'strategy'
  path: string
  name?: string
  weight: number
  mode: StrategyMode
  /** Fallback moves to the next child only on these statuses; undefined means any non-2xx. */
  onStatusCodes?: number[]
  conditions?: Condition[]
  default?: string
  /** Fallback only: start the next child when the current one has not committed after this many ms. */
  hedgeAfterMs?: number
  children: PlanNode[]
}

export type PlanNode = LeafNode | StrategyNode

/** The normalised, fully resolved routing tree for one request. */
export interface Plan {
  root: PlanNode
  /** The saved config id, when the config came from KV. */
  configId?: string
  /** The request's budget across all attempts until its answer is committed (root `timeouts.total_ms`). */
  totalTimeoutMs?: number
}
