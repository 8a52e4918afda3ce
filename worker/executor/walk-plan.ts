import { pickConditionalChild } from '../config/conditional'
import type { PlanNode, StrategyNode } from '../config/plan'
import { runLeaf, type Outcome } from './run-leaf'
import type { RunState } from './state'
import type { StreamEnd } from './stream-output'
import { weightedPick } from './weighted-pick'

/**
 * Walks a plan node: a leaf is tried (with its retries); a fallback tries its children in order;
 * a loadbalance picks by weight and, when the pick fails, picks again among the siblings left;
 * a conditional picks the child its conditions name.
 */
export async function walkPlan(node: PlanNode, state: RunState, onStreamEnd: (end: StreamEnd) => void): Promise<Outcome> {
  if (node.kind === 'target') return runLeaf(node, state, onStreamEnd)
  switch (node.mode) {
    case 'conditional':
      return walkPlan(pickConditionalChild(node, state.conditionContext), state, onStreamEnd)
    case 'loadbalance':
      return walkInOrder(node, state, onStreamEnd, (remaining) => weightedPick(remaining.map((child) => child.weight), state.deps.random))
    case 'fallback':
    case 'single':
      return walkInOrder(node, state, onStreamEnd, () => 0)
  }
}

async function walkInOrder(
  node: StrategyNode,
  state: RunState,
  onStreamEnd: (end: StreamEnd) => void,
  pick: (remaining: PlanNode[]) => number,
): Promise<Outcome> {
  const remaining = node.mode === 'loadbalance' ? node.children.filter((child) => child.weight > 0) : [...node.children]
  if (remaining.length === 0) remaining.push(...node.children)
  let last: Outcome | undefined
  while (remaining.length > 0) {
    const [child] = remaining.splice(pick(remaining), 1)
    last = await walkPlan(child, state, onStreamEnd)
    if (last.ok || !fallsOver(node, last)) return last
  }
  return last!
}

/** Whether a failed child lets the chain move to the next one. */
function fallsOver(node: StrategyNode, outcome: Extract<Outcome, { ok: false }>): boolean {
  if (outcome.cancelled) return false
  if (outcome.skipped) return true
  if (node.mode === 'single') return false
  return node.onStatusCodes ? node.onStatusCodes.includes(outcome.error.status) : true
}
