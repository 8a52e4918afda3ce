import { type Inherited, inherit } from './inherited'
import type { ConfigNode } from './normalised-config'
import type { PlanNode } from './plan'
import { type PlanContext, resolveLeaf } from './resolve-leaf'

/**
 * Turns a validated config node (and its targets) into plan nodes, applying inheritance;
 * every leaf is resolved, including branches a conditional router may never pick, so that a
 * broken branch is reported at once rather than on the request that reaches it.
 */
export async function buildPlanNode(node: ConfigNode, parent: Inherited, path: string, depth: number, context: PlanContext): Promise<PlanNode> {
  const state = inherit(parent, node, depth)
  if (!node.targets) return resolveLeaf(node, state, path, context)
  const children = await Promise.all(node.targets.map((child, index) => buildPlanNode(child, state, `${path}.targets[${index}]`, depth + 1, context)))
  const strategy = node.strategy ?? { mode: 'fallback' as const }
  return {
    kind: 'strategy',
    path,
    ...(node.name !== undefined && { name: node.name }),
    weight: node.weight ?? 1,
    mode: strategy.mode,
    ...(strategy.onStatusCodes && { onStatusCodes: strategy.onStatusCodes }),
    ...(strategy.conditions && { conditions: strategy.conditions }),
    ...(strategy.default !== undefined && { default: strategy.default }),
    ...(node.hedgeAfterMs !== undefined && strategy.mode === 'fallback' && { hedgeAfterMs: node.hedgeAfterMs }),
    children,
  }
}
