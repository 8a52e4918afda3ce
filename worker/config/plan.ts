import type { Target } from '../../providers/types'

/** Retry on the same target (Portkey's `retry`). */
export interface RetrySettings {
  /** Extra attempts after the first, 0–5. */
  attempts: number
  onStatusCodes: number[]
  /** Wait as long as `retry-after` / `retry-after-ms` ask (capped by the request's budget). */
  useRetryAfterHeader: boolean
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
  children: PlanNode[]
}

export type PlanNode = LeafNode | StrategyNode

/** The normalised, fully resolved routing tree for one request. */
export interface Plan {
  root: PlanNode
  /** The saved config id, when the config came from KV. */
  configId?: string
}
