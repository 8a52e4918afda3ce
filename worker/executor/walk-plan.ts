import { pickConditionalChild } from '../config/conditional'
import type { PlanNode, StrategyNode } from '../config/plan'
import { classifyError } from './error-class'
import { walkHedged } from './hedge'
import { runLeaf, type Outcome } from './run-leaf'
import type { RunState } from './state'
import { weightedPick } from './weighted-pick'

type Failure = Extract<Outcome, { ok: false }>

/**
 * Walks a plan node: a leaf is tried (with its retries); a fallback tries its children in order
 * (hedging when asked); a loadbalance picks by weight and, when the pick fails, picks again among
 * the siblings left; a conditional picks the child its conditions name.
 */
export async function walkPlan(node: PlanNode, state: RunState): Promise<Outcome> {
  if (node.kind === 'target') return runLeaf(node, state)
  switch (node.mode) {
    case 'conditional':
      return walkPlan(pickConditionalChild(node, state.conditionContext), state)
    case 'loadbalance':
      return walkInOrder(node, state, (remaining) => weightedPick(remaining.map((child) => child.weight), state.deps.random))
    case 'fallback':
      return node.hedgeAfterMs !== undefined && node.children.length > 1 ? walkHedged(node, state) : walkInOrder(node, state, () => 0)
    case 'single':
      return walkInOrder(node, state, () => 0)
  }
}

async function walkInOrder(node: StrategyNode, state: RunState, pick: (remaining: PlanNode[]) => number): Promise<Outcome> {
  const remaining = node.mode === 'loadbalance' ? node.children.filter((child) => child.weight > 0) : [...node.children]
  if (remaining.length === 0) remaining.push(...node.children)
  const coolingDown: PlanNode[] = []
  let branch = state
  let last: Failure | undefined
  while (remaining.length > 0) {
    const [child] = remaining.splice(pick(remaining), 1)
    const outcome = await walkPlan(child, branch)
    if (outcome.ok) return outcome
    if (outcome.skipped === 'circuit_open') coolingDown.push(child)
    // A skipped target's reason never hides a real failure.
    if (!outcome.skipped || !last || last.skipped) last = outcome
    if (!fallsOver(node, outcome)) return outcome
    if (classifyError(outcome.error) === 'context_length') branch = { ...branch, minContextWindow: outcome.leaf?.contextWindow ?? 0 }
  }
  // Every target was cooling down: rather than fail without trying, probe the first of them.
  if (coolingDown.length > 0 && last?.skipped === 'circuit_open' && !state.signal.aborted) {
    return walkPlan(coolingDown[0], { ...branch, ignoreBreakers: true })
  }
  return last!
}

/** Whether a failed child lets the chain move to the next one (see the README's policy table). */
export function fallsOver(node: StrategyNode, outcome: Failure): boolean {
  if (outcome.cancelled) return false
  if (outcome.skipped) return true
  if (node.mode === 'single') return false
  const errorClass = classifyError(outcome.error)
  if (errorClass === 'content_policy' && outcome.leaf?.onContentPolicy !== 'fallback') return false
  if (node.onStatusCodes) return node.onStatusCodes.includes(outcome.error.status)
  return true
}
