// The load generator: keep-alive node http clients in a closed loop (each of `concurrency` clients
// sends its next request when the last one has ended), a warm-up, then a measured window bounded
// in time and in count. Records, per request, the time to the first body byte and to the last.
import http from 'node:http'
import { performance } from 'node:perf_hooks'

/**
 * Sends one request and reads its whole body; resolves with its timings in ms (never rejects).
 * @returns {Promise<{ status: number, ttfb: number, total: number, bytes: number, body?: string } | { error: string }>}
 */
export function sendOnce(agent, target, payload, headers, keepBody = false) {
  return new Promise((resolve) => {
    const start = performance.now()
    const request = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname + target.search, method: 'POST', headers }, (response) => {
      let first = 0
      let bytes = 0
      const parts = []
      // A failed answer's body is kept too, to say why it failed.
      const keep = keepBody || response.statusCode !== 200
      response.on('data', (chunk) => {
        if (bytes === 0) first = performance.now()
        bytes += chunk.length
        if (keep) parts.push(chunk)
      })
      response.on('end', () => {
        const end = performance.now()
        resolve({ status: response.statusCode, ttfb: (first || end) - start, total: end - start, bytes, body: keep ? Buffer.concat(parts).toString() : undefined })
      })
      response.on('error', (error) => resolve({ error: error.message }))
    })
    request.on('error', (error) => resolve({ error: error.message }))
    request.end(payload)
  })
}

function percentile(sorted, fraction) {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]
}

/**
 * Runs a closed-loop load: `warmupMs` unmeasured, then up to `durationMs` or `maxRequests`.
 * @returns {Promise<{ requests: number, errors: number, rps: number, p50: number, p99: number, ttfbP50: number, ttfbP99: number, firstError?: string }>}
 */
export async function runLoad(options) {
  return summarise([await runSlice(options)])
}

/** Merges measured slices (e.g. alternating rounds of floor and gateway) into one result. */
export function summarise(slices) {
  const totals = slices.flatMap((slice) => slice.totals).sort((a, b) => a - b)
  const ttfbs = slices.flatMap((slice) => slice.ttfbs).sort((a, b) => a - b)
  const elapsed = slices.reduce((sum, slice) => sum + slice.elapsed, 0)
  const errors = slices.reduce((sum, slice) => sum + slice.errors, 0)
  return {
    requests: totals.length,
    errors,
    firstError: slices.find((slice) => slice.firstError)?.firstError,
    rps: (totals.length / elapsed) * 1000,
    p50: percentile(totals, 0.5),
    p99: percentile(totals, 0.99),
    ttfbP50: percentile(ttfbs, 0.5),
    ttfbP99: percentile(ttfbs, 0.99),
  }
}

/** One measured slice: raw timings, for `summarise`. */
export async function runSlice({ url, headers = {}, body, concurrency, warmupMs, durationMs, maxRequests = 200_000 }) {
  const target = new URL(url)
  const payload = Buffer.from(body)
  const allHeaders = { 'content-type': 'application/json', 'content-length': String(payload.length), ...headers }
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency })
  const totals = []
  const ttfbs = []
  let errors = 0
  let firstError
  let measuring = false
  let measuredStart = 0
  const warmupEnd = performance.now() + warmupMs
  let deadline = Infinity

  async function client() {
    for (;;) {
      const now = performance.now()
      if (!measuring && now >= warmupEnd) {
        measuring = true
        measuredStart = now
        deadline = now + durationMs
      }
      if (measuring && (now >= deadline || totals.length + errors >= maxRequests)) return
      const sent = measuring
      const result = await sendOnce(agent, target, payload, allHeaders)
      if (!sent) continue
      if ('error' in result || result.status !== 200) {
        errors++
        firstError ??= 'error' in result ? result.error : `status ${result.status}: ${String(result.body).slice(0, 300)}`
        continue
      }
      totals.push(result.total)
      ttfbs.push(result.ttfb)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client))
  const elapsed = performance.now() - measuredStart
  agent.destroy()
  return { totals, ttfbs, errors, firstError, elapsed }
}
