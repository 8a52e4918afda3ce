import { providerAdapter } from '../../providers'
import type { LeafNode } from '../config/plan'
import { GatewayError } from '../http/errors'
import { backoffDelay, retryAfterMs } from './backoff'
import { breakerKey } from './breaker-key'
import { classifyError, countsAgainstTarget, repeatsOnSameTarget } from './error-class'
import { sendAttempt, type CommittedStreamSource } from './send-attempt'
import { MAX_RETRY_AFTER_MS, type RunState } from './state'
import type { AttemptOutcome } from './trace'

/** What walking a node produced. */
export type Outcome =
  | { ok: true; leaf: LeafNode; retries: number; json?: string; stream?: CommittedStreamSource }
  | {
      ok: false
      error: GatewayError
      leaf?: LeafNode
      /** Nothing was sent: the target cannot serve the endpoint, its breaker is open, or its context is too small. */
      skipped?: 'endpoint' | 'circuit_open' | 'context_window'
      cancelled?: boolean
    }

/**
 * Runs one leaf: its breaker check, the first try and its retries (`retry.attempts`, on
 * `retry.on_status_codes`, never for failures that would repeat unchanged), waiting a capped,
 * jittered backoff or what the provider's Retry-After asks, within the request's deadline and
 * attempt budget.
 */
export async function runLeaf(leaf: LeafNode, state: RunState): Promise<Outcome> {
  const adapter = providerAdapter(leaf.provider)
  const endpointAdapter = adapter?.endpoints[state.endpoint]
  if (!adapter || !endpointAdapter) {
    return skip(leaf, state, 'endpoint', new GatewayError(400, `${leaf.provider} does not serve the ${state.endpoint} endpoint.`, {
      code: 'endpoint_not_supported',
      provider: leaf.provider,
      retryable: false,
    }))
  }
  if (state.minContextWindow !== undefined && (leaf.contextWindow ?? 0) <= state.minContextWindow) {
    return skip(leaf, state, 'context_window', new GatewayError(400, `${leaf.path} has no larger context_window than the target that ran out of context.`, { code: 'context_window_too_small', retryable: false }))
  }
  const key = breakerKey(leaf, adapter, state.body)
  if (leaf.breaker.enabled && !state.ignoreBreakers && state.breakers.check(key, leaf.breaker, state.deps.now()) === 'open') {
    return skip(leaf, state, 'circuit_open', new GatewayError(503, `${leaf.path} is cooling down after repeated failures (circuit open).`, { code: 'circuit_open' }))
  }
  for (let retry = 0; ; retry++) {
    if (state.budget.attemptsLeft <= 0) {
      return { ok: false, leaf, error: new GatewayError(503, 'The request used up its attempt budget.', { code: 'attempt_budget_exhausted', retryable: false }) }
    }
    state.budget.attemptsLeft--
    const started = state.deps.now()
    const model = (leaf.overrideParams.model ?? state.body.model) as string | undefined
    const result = await sendAttempt(leaf, adapter, endpointAdapter, state)
    const latencyMs = state.deps.now() - started
    if (result.ok) {
      if (leaf.breaker.enabled) state.breakerSync.report(state.breakerNamespace, state.breakers.success(key), state.waitUntil)
      state.trace.record({ target: leaf.path, provider: leaf.provider, model: result.model ?? model, status: 200, outcome: 'success', latencyMs, retry })
      return 'stream' in result ? { ok: true, leaf, retries: retry, stream: result.stream } : { ok: true, leaf, retries: retry, json: result.json }
    }
    const { error } = result
    const errorClass = classifyError(error)
    const cancelled = state.signal.aborted
    state.trace.record({ target: leaf.path, provider: leaf.provider, model, status: error.status, outcome: outcomeOf(errorClass), message: error.message, latencyMs, retry })
    if (cancelled) return { ok: false, leaf, error, cancelled: true }
    if (leaf.breaker.enabled && countsAgainstTarget(errorClass)) {
      state.breakerSync.report(state.breakerNamespace, state.breakers.failure(key, leaf.breaker, state.deps.now()), state.waitUntil)
    }
    if (retry >= leaf.retry.attempts || repeatsOnSameTarget(errorClass) || !leaf.retry.onStatusCodes.includes(error.status)) {
      return { ok: false, leaf, error }
    }
    const asked = leaf.retry.useRetryAfterHeader ? retryAfterMs(error.headers, state.deps.now()) : undefined
    const wait = asked ?? backoffDelay(retry, state.deps.random)
    if (wait > MAX_RETRY_AFTER_MS || state.deps.now() + wait >= state.deadline) return { ok: false, leaf, error }
    try {
      await state.deps.sleep(wait, state.signal)
    } catch {
      return { ok: false, leaf, error, cancelled: true }
    }
  }
}

function skip(leaf: LeafNode, state: RunState, reason: 'endpoint' | 'circuit_open' | 'context_window', error: GatewayError): Outcome {
  state.trace.record({ target: leaf.path, provider: leaf.provider, status: error.status, outcome: 'skipped', message: error.message, latencyMs: 0, retry: 0 })
  return { ok: false, leaf, error, skipped: reason }
}

function outcomeOf(errorClass: ReturnType<typeof classifyError>): AttemptOutcome {
  if (errorClass === 'cancelled') return 'cancelled'
  if (errorClass === 'timeout') return 'timeout'
  if (errorClass === 'network') return 'network_error'
  return 'error'
}
