import type { StrategyNode } from '../config/plan'
import { cancelledError } from './attempt-signal'
import type { Outcome } from './run-leaf'
import type { RunState } from './state'
import { fallsOver, walkPlan } from './walk-plan'

interface Branch {
  controller: AbortController
  done: Promise<{ branch: Branch; outcome: Outcome }>
}

/**
 * A fallback that hedges: when the running child has not committed after `hedgeAfterMs`, the next
 * child starts too. The first to commit wins and every other branch is aborted (a loser that had
 * committed meanwhile has its stream cancelled). A failure still falls over at once, as in a plain
 * fallback. Each hedge is a real extra request: it costs tokens until it is cancelled.
 */
export async function walkHedged(node: StrategyNode, state: RunState): Promise<Outcome> {
  const running = new Set<Branch>()
  let next = 0
  let last: Extract<Outcome, { ok: false }> | undefined

  const launch = () => {
    const child = node.children[next++]
    const controller = new AbortController()
    const onAbort = () => controller.abort(state.signal.reason)
    state.signal.addEventListener('abort', onAbort, { once: true })
    const branch: Branch = {
      controller,
      done: walkPlan(child, { ...state, signal: controller.signal }).then((outcome) => {
        state.signal.removeEventListener('abort', onAbort)
        return { branch, outcome }
      }),
    }
    running.add(branch)
  }

  const cancelOthers = (winner?: Branch) => {
    for (const branch of running) {
      if (branch === winner) continue
      branch.controller.abort()
      // A loser may still commit before it sees the abort: close what it opened.
      void branch.done.then(({ outcome }) => {
        if (outcome.ok && outcome.stream) {
          outcome.stream.signal.abort(cancelledError())
          void outcome.stream.reader.cancel().catch(() => {})
        }
      })
    }
    running.clear()
  }

  launch()
  while (running.size > 0) {
    const timer = next < node.children.length ? hedgeTimer(node.hedgeAfterMs!, state) : undefined
    const first = await Promise.race([...[...running].map((branch) => branch.done), ...(timer ? [timer.fired] : [])])
    timer?.cancel()
    if (first === 'hedge') {
      launch()
      continue
    }
    running.delete(first.branch)
    if (first.outcome.ok) {
      cancelOthers(first.branch)
      return first.outcome
    }
    if (!first.outcome.skipped || !last || last.skipped) last = first.outcome
    if (!fallsOver(node, first.outcome)) {
      cancelOthers()
      return first.outcome
    }
    if (running.size === 0 && next < node.children.length) launch()
  }
  return last!
}

function hedgeTimer(ms: number, state: RunState): { fired: Promise<'hedge'>; cancel: () => void } {
  const controller = new AbortController()
  const fired = state.deps.sleep(ms, controller.signal).then(
    () => 'hedge' as const,
    () => new Promise<'hedge'>(() => {}),
  )
  return { fired, cancel: () => controller.abort() }
}
