import { providerAdapter } from '../../providers'
import type { LeafNode } from '../config/plan'
import { GatewayError } from '../http/errors'
import { backoffDelay, retryAfterMs } from './backoff'
import { sendAttempt } from './send-attempt'
import { MAX_RETRY_AFTER_MS, type RunState } from './state'
import type { StreamEnd } from './stream-output'
import type { AttemptOutcome } from './trace'

/** What walking a node produced. */
export type Outcome =
  | { ok: true; body: ReadableStream<Uint8Array> | string; leaf: LeafNode; retries: number }
  | { ok: false; error: GatewayError; skipped?: boolean; cancelled?: boolean }

/**
 * Runs one leaf: the first try and its retries (`retry.attempts`, on `retry.on_status_codes`),
 * waiting a capped, jittered backoff or what the provider's Retry-After asks, within the
 * request's deadline and attempt budget.
 */
export async function runLeaf(leaf: LeafNode, state: RunState, onStreamEnd: (end: StreamEnd) => void): Promise<Outcome> {
  const adapter = providerAdapter(leaf.provider)
  const endpointAdapter = adapter?.endpoints[state.endpoint]
  if (!adapter || !endpointAdapter) {
    const error = new GatewayError(400, `${leaf.provider} does not serve the ${state.endpoint} endpoint.`, {
      code: 'endpoint_not_supported',
      provider: leaf.provider,
      retryable: false,
    })
    state.trace.record({ target: leaf.path, provider: leaf.provider, status: 400, outcome: 'skipped', message: error.message, latencyMs: 0, retry: 0 })
    return { ok: false, error, skipped: true }
  }
  for (let retry = 0; ; retry++) {
    if (state.attemptsLeft <= 0) {
      return { ok: false, error: new GatewayError(503, 'The request used up its attempt budget.', { code: 'attempt_budget_exhausted' }) }
    }
    state.attemptsLeft--
    const started = state.deps.now()
    const model = (leaf.overrideParams.model ?? state.body.model) as string | undefined
    const result = await sendAttempt(leaf, adapter, endpointAdapter, state, onStreamEnd)
    const latencyMs = state.deps.now() - started
    if (result.ok) {
      state.trace.record({ target: leaf.path, provider: leaf.provider, model: result.model ?? model, status: 200, outcome: 'success', latencyMs, retry })
      return { ok: true, body: result.body, leaf, retries: retry }
    }
    const { error } = result
    const cancelled = state.clientSignal.aborted
    state.trace.record({ target: leaf.path, provider: leaf.provider, model, status: error.status, outcome: outcomeOf(error, cancelled), message: error.message, latencyMs, retry })
    if (cancelled) return { ok: false, error, cancelled: true }
    if (retry >= leaf.retry.attempts || !leaf.retry.onStatusCodes.includes(error.status)) return { ok: false, error }
    const asked = leaf.retry.useRetryAfterHeader ? retryAfterMs(error.headers, state.deps.now()) : undefined
    const wait = asked ?? backoffDelay(retry, state.deps.random)
    if (wait > MAX_RETRY_AFTER_MS || state.deps.now() + wait >= state.deadline) return { ok: false, error }
    try {
      await state.deps.sleep(wait, state.clientSignal)
    } catch {
      return { ok: false, error, cancelled: true }
    }
  }
}

function outcomeOf(error: GatewayError, cancelled: boolean): AttemptOutcome {
  if (cancelled) return 'cancelled'
  if (error.code === 'request_timeout') return 'timeout'
  if (error.code === 'upstream_unreachable') return 'network_error'
  return 'error'
}
