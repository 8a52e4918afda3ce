import { GatewayError } from '../http/errors'

/** A clock that fires only after `ms` without a `touch()`: one timer per stream, not one per chunk. */
export interface Watchdog {
  touch(): void
}

/**
 * One attempt's abort signal: it fires when the caller goes away or when one of the attempt's
 * clocks runs out. `reason()` tells which, so a timeout is classified as a timeout rather than
 * as the network error the aborted fetch reports.
 */
export class AttemptSignal {
  private readonly controller = new AbortController()
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>()
  private failure: GatewayError | undefined
  private readonly onParentAbort = () => this.abort(cancelledError())

  constructor(private readonly parent: AbortSignal, private readonly now: () => number = Date.now) {
    if (parent.aborted) this.abort(cancelledError())
    else parent.addEventListener('abort', this.onParentAbort, { once: true })
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
    if (ms === undefined || !Number.isFinite(ms) || this.controller.signal.aborted) return
    this.timers.set(name, setTimeout(() => this.abort(error()), Math.max(0, ms)))
  }

  /** Starts an idle clock: it aborts with `error` once `ms` pass without a touch. */
  watch(name: string, ms: number, error: () => GatewayError): Watchdog {
    let last = this.now()
    const check = () => {
      const quiet = this.now() - last
      if (quiet >= ms) this.abort(error())
      else this.timers.set(name, setTimeout(check, ms - quiet))
    }
    this.disarm(name)
    if (!this.controller.signal.aborted) this.timers.set(name, setTimeout(check, ms))
    return { touch: () => void (last = this.now()) }
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

  /** Stops every clock and unhooks from the parent signal. */
  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    this.parent.removeEventListener('abort', this.onParentAbort)
  }
}

export function cancelledError(): GatewayError {
  return new GatewayError(499, 'The client closed the request.', { type: 'server_error', code: 'client_closed_request', retryable: false })
}

/** Portkey's `request_timeout`: a 408, as Portkey answers it. */
export function requestTimeoutError(ms: number): GatewayError {
  return new GatewayError(408, `The provider did not answer within request_timeout (${ms} ms).`, {
    type: 'timeout_error',
    code: 'request_timeout',
    retryable: true,
  })
}

/** One of the attempt clocks ran out: a 504 naming the clock. */
export function clockError(code: 'headers_timeout' | 'first_token_timeout' | 'idle_timeout' | 'deadline_exceeded', ms: number): GatewayError {
  const what = {
    headers_timeout: 'did not send response headers',
    first_token_timeout: 'did not send its first token',
    idle_timeout: 'went silent in the middle of the answer',
    deadline_exceeded: 'could not answer within the request deadline',
  }[code]
  return new GatewayError(504, `The provider ${what} (${ms} ms).`, { type: 'timeout_error', code, retryable: true })
}
