import type { DurableObjectNamespace } from '@cloudflare/workers-types'
import type { BreakerBoard, BreakerTransition } from './breaker'

/** How often an isolate reads the shared breakers, at most. */
const REFRESH_MS = 2_000

/**
 * Shares breaker changes across isolates through the BreakerState Durable Object. Everything
 * here runs in `waitUntil`, after or beside the request: the request path only ever reads the
 * isolate's own board.
 */
export class BreakerSync {
  private lastRefresh = 0

  constructor(private readonly board: BreakerBoard) {}

  report(namespace: DurableObjectNamespace | undefined, transition: BreakerTransition, waitUntil: (promise: Promise<unknown>) => void): void {
    if (!namespace || !transition) return
    const stub = namespace.get(namespace.idFromName('breakers'))
    waitUntil(stub.fetch('https://breakers/report', { method: 'POST', body: JSON.stringify(transition) }).then(drain, ignore))
  }

  refresh(namespace: DurableObjectNamespace | undefined, now: number, waitUntil: (promise: Promise<unknown>) => void): void {
    if (!namespace || now - this.lastRefresh < REFRESH_MS) return
    this.lastRefresh = now
    const stub = namespace.get(namespace.idFromName('breakers'))
    const read = stub.fetch('https://breakers/open').then(async (response) => {
      if (!response.ok) return drain(response)
      const { breakers } = (await response.json()) as { breakers: Array<{ key: string; openUntil: number }> }
      this.board.merge(breakers, Date.now())
    })
    waitUntil(read.catch(ignore))
  }
}

function drain(response: { body: unknown; arrayBuffer(): Promise<unknown> }): void {
  void response.arrayBuffer().catch(ignore)
}

function ignore(): void {}
