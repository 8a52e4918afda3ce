import { GatewayError } from '../http/errors'

/**
 * One attempt's abort signal: it fires when the caller goes away or when one of the attempt's
 * clocks runs out. `reason()` tells which, so a timeout is classified as a timeout rather than
 * as the network error the aborted fetch reports.
 */
export class AttemptSignal {
  private readonly controller = new AbortController()
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>()
  private failure: GatewayError | undefined
  private readonly onClientAbort = () => this.abort(cancelledError())

  constructor(private readonly clientSignal: AbortSignal) {
    if (clientSignal.aborted) this.abort(cancelledError())
    else clientSignal.addEventListener('abort', this.onClientAbort, { once: true })
  }

  get signal(): AbortSignal {
    return this.controller.signal
  }

  /** Why the attempt was aborted, if it was. */
  reason(): GatewayError | undefined {
    return this.failure
  }

  /** Starts (or restarts) the named clock; when it runs out, the attempt aborts with `error`. */
  arm(name: string, ms: number | undefined, error: () => GatewayError): void {
    this.disarm(name)
    if (ms === undefined || !Number.isFinite(ms)) return
    this.timers.set(name, setTimeout(() => this.abort(error()), Math.max(0, ms)))
  }

  disarm(name: string): void {
    const timer = this.timers.get(name)
    if (timer !== undefined) clearTimeout(timer)
    this.timers.delete(name)
  }

  abort(error: GatewayError): void {
    if (this.controller.signal.aborted) return
    this.failure = error
    this.dispose()
    this.controller.abort(error)
  }

  /** Stops every clock and unhooks from the caller's signal. */
  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    this.clientSignal.removeEventListener('abort', this.onClientAbort)
  }
}

export function cancelledError(): GatewayError {
  return new GatewayError(499, 'The client closed the request.', { type: 'server_error', code: 'client_closed_request', retryable: false })
}

export function timeoutError(what: string, ms: number): GatewayError {
  return new GatewayError(408, `The provider did not answer within ${what} (${ms} ms).`, {
    type: 'timeout_error',
    code: 'request_timeout',
    retryable: true,
  })
}
