/** Base and cap of the exponential backoff between retries on the same target. */
export const BACKOFF_BASE_MS = 200
export const BACKOFF_CAP_MS = 8_000

/**
 * The wait before retry number `retry` (0-based): full jitter over a capped exponential, so that
 * many clients retrying at once spread out instead of arriving together.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffDelay(retry: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry)
  return Math.floor(random() * ceiling)
}

/**
 * The wait the provider asked for, in milliseconds: `retry-after-ms` (OpenAI, float ms) first,
 * then `retry-after` as seconds or an HTTP date. Undefined when neither is usable.
 */
export function retryAfterMs(headers: Headers | Record<string, string> | undefined, now: number): number | undefined {
  if (!headers) return undefined
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : headers[name]) ?? null
  const milliseconds = get('retry-after-ms')
  if (milliseconds !== null) {
    const value = Number(milliseconds)
    if (Number.isFinite(value) && value >= 0) return value
  }
  const retryAfter = get('retry-after')
  if (retryAfter === null) return undefined
  const seconds = Number(retryAfter)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(retryAfter)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
