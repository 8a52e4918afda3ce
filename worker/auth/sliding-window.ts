/** The window of every per-key limit. */
export const WINDOW_MS = 60_000

/**
 * A sliding-window counter: the counts of the current fixed minute and the one before it. The
 * usage "in the last minute" is estimated as the previous minute's count weighted by how much of
 * it still lies within the last 60 s, plus the current minute's count (Cloudflare's own scheme):
 * no burst of twice the limit across a minute boundary, and constant memory per key.
 */
export interface WindowCounter {
  /** Epoch ms at which the current minute began (a multiple of WINDOW_MS). */
  start: number
  current: number
  previous: number
}

/** A counter with nothing counted, in the minute containing `now`. */
export function emptyCounter(now: number): WindowCounter {
  return { start: now - (now % WINDOW_MS), current: 0, previous: 0 }
}

/** The counter moved on to the minute containing `now`. */
export function advance(counter: WindowCounter, now: number): WindowCounter {
  const start = now - (now % WINDOW_MS)
  if (start === counter.start) return counter
  const previous = start - counter.start === WINDOW_MS ? counter.current : 0
  return { start, current: 0, previous }
}

/** Estimated usage over the last WINDOW_MS (call on an advanced counter). */
export function usage(counter: WindowCounter, now: number): number {
  const elapsed = now - counter.start
  return (counter.previous * (WINDOW_MS - elapsed)) / WINDOW_MS + counter.current
}

/**
 * Milliseconds until a request needing `need` (1 ≤ need ≤ limit) fits under `limit`, assuming
 * nothing else is counted meanwhile; 0 when it fits now.
 */
export function waitMs(counter: WindowCounter, now: number, limit: number, need: number): number {
  const elapsed = now - counter.start
  if (usage(counter, now) + need <= limit) return 0
  if (counter.current + need <= limit) {
    // Fits within this minute once enough of the previous minute has slid out.
    const fitsAt = WINDOW_MS - (WINDOW_MS * (limit - counter.current - need)) / counter.previous
    return Math.max(1, Math.ceil(fitsAt - elapsed))
  }
  // Only in the next minute, where this minute's count becomes the one that slides out.
  const fitsAt = Math.max(0, WINDOW_MS - (WINDOW_MS * (limit - need)) / counter.current)
  return Math.max(1, Math.ceil(WINDOW_MS - elapsed + fitsAt))
}
