// Start-up of a fresh isolate: a new Miniflare instance (a new workerd process, the bundle parsed
// and its top level run in a new isolate) until its first response. The floor's time is the cost
// of workerd itself; the difference is what the gateway's bundle adds.
import { performance } from 'node:perf_hooks'
import { sendOnce } from './load.mjs'
import { gatewayRequest, floorRequest } from './scenarios.mjs'
import { startWorker } from './workers.mjs'

async function timeFirstResponse(start, request) {
  const began = performance.now()
  const worker = await start()
  const ready = performance.now() - began
  const answer = await sendOnce(undefined, new URL(`${worker.url}${request.path}`), request.body, { 'content-type': 'application/json', ...request.headers })
  const first = performance.now() - began
  await worker.dispose()
  if (answer.status !== 200) throw new Error(`start-up: status ${answer.status ?? answer.error}`)
  return { readyMs: ready, firstResponseMs: first }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

export async function measureStartup({ gateway, floor, upstream, runs }) {
  const result = {}
  const chat = { name: 'chat' }
  for (const [name, start, request] of [
    ['floor', () => startWorker({ scriptPath: floor, bindings: { UPSTREAM: upstream } }), floorRequest(chat)],
    ['gateway', () => startWorker({ scriptPath: gateway, bindings: { ALLOWED_PRIVATE_HOSTS: '127.0.0.1' }, kvNamespaces: ['CONFIGS'] }), gatewayRequest(chat, upstream)],
  ]) {
    const times = []
    for (let run = 0; run < runs; run++) times.push(await timeFirstResponse(start, request))
    result[name] = { runs: times, medianMs: median(times.map((time) => time.firstResponseMs)), medianReadyMs: median(times.map((time) => time.readyMs)) }
  }
  return result
}
