// Memory while many long streams are open at once: opens `streams` streaming requests together,
// reads them all to the end, and samples the workerd process's RSS against how far the streams got.
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import { rssMiB } from './workers.mjs'

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * `onSample` (optional) is awaited after each sample.
 * @returns {Promise<{ samples: Array<{ ms: number, rss: number, open: number, responded: number, minKiB: number }>, completed: number, errors: number, seconds: number }>}
 */
export async function measureOpenStreams({ url, headers, body, streams, pid, timeoutMs, sampleMs = 200, onSample }) {
  const target = new URL(url)
  const payload = Buffer.from(body)
  const agent = new http.Agent({ keepAlive: false, maxSockets: streams })
  const delivered = new Array(streams).fill(0)
  const requests = []
  let open = 0
  let responded = 0
  let completed = 0
  let errors = 0
  const started = performance.now()
  const done = Promise.all(
    delivered.map(
      (_, index) =>
        new Promise((resolve) => {
          open++
          const request = http.request(
            { agent, host: target.hostname, port: target.port, path: target.pathname + target.search, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers } },
            (response) => {
              responded++
              response.on('data', (chunk) => (delivered[index] += chunk.length))
              response.on('end', () => {
                open--
                if (response.statusCode === 200) completed++
                else errors++
                resolve()
              })
            },
          )
          request.on('error', () => {
            open--
            errors++
            resolve()
          })
          requests.push(request)
          request.end(payload)
        }),
    ),
  )
  const samples = []
  let finished = false
  void done.then(() => (finished = true))
  while (!finished && performance.now() - started < timeoutMs) {
    const sample = { ms: Math.round(performance.now() - started), rss: rssMiB(pid), open, responded, minKiB: Math.min(...delivered) / 1024 }
    samples.push(sample)
    if (onSample) await onSample(sample)
    await sleep(sampleMs)
  }
  if (!finished) for (const request of requests) request.destroy()
  await done
  agent.destroy()
  return { samples, completed, errors, seconds: (performance.now() - started) / 1000 }
}

/** The highest RSS among samples taken while every stream was open and had delivered at least `kib`. */
export function rssWhenDelivered(samples, streams, kib, belowKib = Infinity) {
  const matching = samples.filter((sample) => sample.open === streams && sample.minKiB >= kib && sample.minKiB < belowKib)
  return matching.length ? { rss: Math.max(...matching.map((sample) => sample.rss)), samples: matching.length } : undefined
}

export { sleep }
