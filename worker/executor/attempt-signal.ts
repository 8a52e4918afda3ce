import { GatewayError } from '../http/errors'

/** A clock that fires only after `ms` without a `touch()`: one timer per stream, not one per chunk. */
export interface Watchdog {
  touch(): void
}

interface Clock {
  /** When it runs out (ms since the epoch); an idle clock moves it on every touch. */
  at: number
  error: () => GatewayError
}

/**
 * One attempt's abort signal: it fires when the caller goes away or when one of the attempt's
 * clocks runs out. `reason()` tells which, so a timeout is classified as a timeout rather than
 * as the network error the aborted fetch reports. However many clocks run, there is one timer,
 * set for the earliest: a runtime timer costs far more than a field write.
 */
export class AttemptSignal {
  private readonly controller = new AbortController()
  private readonly clocks = new Map<string, Clock>()
  private timer: ReturnType<typeof setTimeout> | undefined
  private timerAt = Infinity
  private failure: GatewayError | undefined
  private readonly onParentAbort = () => this.abort(cancelledError())
  private readonly fire = () => this.expire()

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
    if (ms === undefined || !Number.isFinite(ms) || this.controller.signal.aborted) {
      this.clocks.delete(name)
      return
    }
    const clock: Clock = { at: this.now() + Math.max(0, ms), error }
    this.clocks.set(name, clock)
    this.schedule(clock.at)
  }

  /** Starts an idle clock: it aborts with `error` once `ms` pass without a touch. */
  watch(name: string, ms: number, error: () => GatewayError): Watchdog {
    const clock: Clock = { at: this.now() + ms, error }
    if (!this.controller.signal.aborted) {
      this.clocks.set(name, clock)
      this.schedule(clock.at)
    }
    // A touch only moves the clock later: the timer, when it fires early, sets itself again.
    return { touch: () => void (clock.at = this.now() + ms) }
  }

  /** Stops the named clock (a timer set for it, if any, finds nothing due and moves on). */
  disarm(name: string): void {
    this.clocks.delete(name)
  }

  abort(error: GatewayError): void {
    if (this.controller.signal.aborted) return
    this.failure = error
    this.dispose()
    this.controller.abort(error)
  }

  /** Stops every clock and unhooks from the parent signal. */
  dispose(): void {
    this.clocks.clear()
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.timerAt = Infinity
    this.parent.removeEventListener('abort', this.onParentAbort)
  }

  private schedule(at: number): void {
    if (at >= this.timerAt) return
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timerAt = at
    this.timer = setTimeout(this.fire, Math.max(0, at - this.now()))
  }

  private expire(): void {
    // The timer was set for `timerAt`: a clock due by then has run out, even where the runtime's
    // clock reads a little earlier (workerd's advances only with I/O and timers).
    const due = Math.max(this.now(), this.timerAt)
    this.timer = undefined
    this.timerAt = Infinity
    let next = Infinity
    for (const clock of this.clocks.values()) {
      if (clock.at <= due) return this.abort(clock.error())
      if (clock.at < next) next = clock.at
    }
    if (next !== Infinity) this.schedule(next)
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
