import type { BreakerSettings } from '../config/plan'

/** What a breaker lets through: everything, one probe, or nothing. */
export type BreakerVerdict = 'closed' | 'probe' | 'open'
/** A state change worth telling other isolates about. */
export type BreakerTransition = { key: string; openUntil: number } | undefined

interface Entry {
  /** Consecutive failures while closed. */
  failures: number
  /** Epoch ms until which the breaker is open; 0 while closed. */
  openUntil: number
  /** Epoch ms at which the current probe started; 0 when none is out. */
  probeStartedAt: number
}

/**
 * Circuit breakers for every target one isolate talks to. A target that fails `failureThreshold`
 * times in a row is skipped for `cooldownMs`; then one request probes it; a success closes the
 * breaker, a failure opens it for another cool-down. Only failures that say the target is unwell
 * count (5xx, 429, timeouts, broken connections), never the caller's own mistakes.
 */
export class BreakerBoard {
  private readonly entries = new Map<string, Entry>()

  check(key: string, settings: BreakerSettings, now: number): BreakerVerdict {
    const entry = this.entries.get(key)
    if (!entry || entry.openUntil === 0) return 'closed'
    if (now < entry.openUntil) return 'open'
    // A probe that never reported (its caller went away) must not keep the breaker shut forever.
    if (entry.probeStartedAt !== 0 && now - entry.probeStartedAt < settings.cooldownMs) return 'open'
    entry.probeStartedAt = now
    return 'probe'
  }

  success(key: string): BreakerTransition {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    this.entries.delete(key)
    return entry.openUntil !== 0 ? { key, openUntil: 0 } : undefined
  }

  failure(key: string, settings: BreakerSettings, now: number): BreakerTransition {
    let entry = this.entries.get(key)
    if (!entry) this.entries.set(key, (entry = { failures: 0, openUntil: 0, probeStartedAt: 0 }))
    entry.failures++
    if (entry.openUntil !== 0 || entry.failures >= settings.failureThreshold) {
      entry.openUntil = now + settings.cooldownMs
      entry.probeStartedAt = 0
      return { key, openUntil: entry.openUntil }
    }
    return undefined
  }

  /** Epoch ms at which an open breaker next lets a probe through (undefined when closed). */
  openUntil(key: string): number | undefined {
    const until = this.entries.get(key)?.openUntil
    return until ? until : undefined
  }

  /** Takes in what other isolates learned: breakers they opened (or closed, with openUntil 0). */
  merge(remote: ReadonlyArray<{ key: string; openUntil: number }>, now: number): void {
    for (const { key, openUntil } of remote) {
      const entry = this.entries.get(key)
      if (openUntil === 0) {
        // Another isolate's probe succeeded: the target is back.
        if (entry && entry.openUntil !== 0) this.entries.delete(key)
        continue
      }
      if (openUntil <= now) continue
      if (!entry) this.entries.set(key, { failures: 0, openUntil, probeStartedAt: 0 })
      else if (entry.openUntil < openUntil) entry.openUntil = openUntil
    }
  }
}

/** The breakers of this isolate, shared by all its requests. */
export const isolateBreakers = new BreakerBoard()
