import { resolvePlan, type ResolvePlanInput } from '../../../worker/config/resolve-plan'
import type { LeafNode, PlanNode, StrategyNode } from '../../../worker/config/plan'
import { GatewayError } from '../../../worker/http/errors'
import type { Env } from '../../../worker/platform/env'

export async function resolve(headers: Record<string, string>, env: Env = {}, input: Partial<ResolvePlanInput> = {}, now?: () => number) {
  return resolvePlan({ headers: new Headers(headers), ...input }, env, { now })
}

/** The error resolvePlan rejects with (fails the test when it resolves). */
export async function failure(...args: Parameters<typeof resolve>): Promise<GatewayError> {
  try {
    await resolve(...args)
  } catch (error) {
    if (error instanceof GatewayError) return error
    throw error
  }
  throw new Error('resolvePlan resolved')
}

export function asLeaf(node: PlanNode): LeafNode {
  if (node.kind !== 'target') throw new Error(`expected a leaf at ${node.path}`)
  return node
}

export function asStrategy(node: PlanNode): StrategyNode {
  if (node.kind !== 'strategy') throw new Error(`expected a strategy at ${node.path}`)
  return node
}

/** Every leaf of a plan, depth first. */
export function leaves(node: PlanNode): LeafNode[] {
  return node.kind === 'target' ? [node] : node.children.flatMap(leaves)
}
