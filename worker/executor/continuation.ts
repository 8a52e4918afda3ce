import { providerAdapter } from '../../providers'
import type { OpenAIBody, ProviderAdapter } from '../../providers/types'
import type { LeafNode, PlanNode } from '../config/plan'
import type { GatewayError } from '../http/errors'
import { breakerKey } from './breaker-key'
import { sendAttempt } from './send-attempt'
import type { RunState } from './state'
import type { Recover } from './stream-output'

/** Targets tried, at most, for one continuation. */
const MAX_CONTINUATION_TARGETS = 3

/**
 * Mid-stream recovery for a chat stream committed to `committed`: the targets that can continue
 * are the committed one and then the rest of the plan in order, each only if its provider accepts
 * a trailing assistant message as a prefill (for that model) and its breaker is not open. A
 * target that rejects the continuation is passed over quietly: the caller's error, if nothing can
 * continue, stays the original failure.
 */
export function createRecovery(root: PlanNode, committed: LeafNode, state: RunState): Recover {
  return async (partial: string, failure: GatewayError) => {
    const candidates = continuationTargets(root, committed, state).slice(0, MAX_CONTINUATION_TARGETS)
    const messages = Array.isArray(state.body.messages) ? state.body.messages : []
    const body: OpenAIBody = { ...state.body, messages: [...messages, { role: 'assistant', content: partial }] }
    for (const { leaf, adapter } of candidates) {
      if (state.signal.aborted || state.budget.attemptsLeft <= 0) break
      state.budget.attemptsLeft--
      const started = state.deps.now()
      // The continuation gets its own deadline: the original one covered the time to commit.
      const result = await sendAttempt(leaf, adapter, adapter.endpoints.chat!, { ...state, deadline: started + leaf.clocks.headersMs + leaf.clocks.firstTokenMs }, body)
      const latencyMs = state.deps.now() - started
      if (result.ok && 'stream' in result) {
        state.trace.record({ target: leaf.path, provider: leaf.provider, model: result.model, status: 200, outcome: 'success', latencyMs, retry: 0, kind: 'continuation', cause: failure.code ?? undefined })
        return result.stream
      }
      const status = result.ok ? 502 : result.error.status
      const message = result.ok ? 'answered without a stream' : result.error.message
      state.trace.record({ target: leaf.path, provider: leaf.provider, status, outcome: 'error', message, latencyMs, retry: 0, kind: 'continuation' })
    }
    return undefined
  }
}

function continuationTargets(root: PlanNode, committed: LeafNode, state: RunState): Array<{ leaf: LeafNode; adapter: ProviderAdapter }> {
  const leaves = flatten(root)
  const start = Math.max(0, leaves.indexOf(committed))
  const ordered = [...leaves.slice(start), ...leaves.slice(0, start)]
  const now = state.deps.now()
  const targets: Array<{ leaf: LeafNode; adapter: ProviderAdapter }> = []
  for (const leaf of ordered) {
    const adapter = providerAdapter(leaf.provider)
    if (!adapter?.endpoints.chat?.streamTransform || !acceptsPrefill(adapter, leaf, state.body)) continue
    if (leaf.breaker.enabled && state.breakers.check(breakerKey(leaf, adapter, state.body), leaf.breaker, now) === 'open') continue
    targets.push({ leaf, adapter })
  }
  return targets
}

function acceptsPrefill(adapter: ProviderAdapter, leaf: LeafNode, body: OpenAIBody): boolean {
  const prefill = adapter.capabilities?.prefill
  if (typeof prefill !== 'function') return prefill === true
  return prefill(String(leaf.overrideParams.model ?? body.model ?? ''))
}

/** The plan's leaves in document order. */
function flatten(node: PlanNode, into: LeafNode[] = []): LeafNode[] {
  if (node.kind === 'target') into.push(node)
  else for (const child of node.children) flatten(child, into)
  return into
}
