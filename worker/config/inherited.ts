import type { ProviderOptions } from '../../providers/types'
import type { ConfigNode } from './normalised-config'

/** Who a target is: the identity group, inherited whole from the nearest node that sets any of it. */
export interface Identity {
  /** A canonical provider id or `@<integration>`. */
  provider?: string
  apiKey?: string
  virtualKey?: string
  /** Tree depth of the node that set it; -1 for the x-portkey-provider / -virtual-key headers. */
  depth: number
}

/** What a node passes down to its targets (Portkey's inheritance, child values win). */
export interface Inherited {
  identity?: Identity
  overrideParams: Record<string, unknown>
  /** Depth of the node that last set `override_params.model`; -1 when none did. */
  modelDepth: number
  retry?: ConfigNode['retry']
  requestTimeout?: number
  customHost?: string
  forwardHeaders?: string[]
  options: ProviderOptions
  timeouts?: ConfigNode['timeouts']
  midStreamRecovery?: boolean
  breaker?: ConfigNode['breaker']
  onContentPolicy?: 'return' | 'fallback'
  /** Whether an ancestor is a fallback or loadbalance node, i.e. the target has alternatives. */
  hasAlternatives?: boolean
}

/** The inherited settings of `node` at `depth`, given its parent's. */
export function inherit(parent: Inherited, node: ConfigNode, depth: number): Inherited {
  const ownIdentity = node.provider !== undefined || node.apiKey !== undefined || node.virtualKey !== undefined
  return {
    identity: ownIdentity ? { provider: node.provider, apiKey: node.apiKey, virtualKey: node.virtualKey, depth } : parent.identity,
    overrideParams: { ...parent.overrideParams, ...node.overrideParams },
    modelDepth: node.overrideParams && Object.hasOwn(node.overrideParams, 'model') ? depth : parent.modelDepth,
    retry: node.retry ?? parent.retry,
    requestTimeout: node.requestTimeout ?? parent.requestTimeout,
    customHost: node.customHost ?? parent.customHost,
    forwardHeaders: node.forwardHeaders ?? parent.forwardHeaders,
    options: { ...parent.options, ...node.options },
    timeouts: node.timeouts ? { ...parent.timeouts, ...node.timeouts } : parent.timeouts,
    midStreamRecovery: node.midStreamRecovery ?? parent.midStreamRecovery,
    breaker: node.breaker ? { ...parent.breaker, ...node.breaker } : parent.breaker,
    onContentPolicy: node.onContentPolicy ?? parent.onContentPolicy,
    hasAlternatives: parent.hasAlternatives || (node.targets !== undefined && node.targets.length > 1 && node.strategy?.mode !== 'conditional' && node.strategy?.mode !== 'single'),
  }
}
