// The memory phase: many long streams open at once through the gateway's workerd (and then the
// floor's, for what workerd itself needs per open stream), RSS sampled as the streams advance and
// compared when each has delivered 32 KiB and 1 MiB. heap-probe.mjs adds the live JS heap.
import { measureOpenStreams, rssWhenDelivered, sleep } from './memory.mjs'
import { floorRequest, gatewayRequest } from './scenarios.mjs'
import { rssMiB } from './workers.mjs'

const QUICK = process.env.BENCH_QUICK === '1'
const STREAMS = Number(process.env.BENCH_STREAMS ?? (QUICK ? 100 : 1000))
// 1.125 MiB per stream in 32 KiB events, one a second: every stream is still open when each has
// delivered 1 MiB, and the pace (32 MB/s for 1,000 streams) leaves the gateway room to serve all
// streams alike on 2 cores.
const EVENTS = 36
const EVENT_BYTES = 32 * 1024
const PACED_MS = QUICK ? 100 : 1000
const MIB = 1024

async function pass(worker, spec, { timeoutMs }) {
  const run = await measureOpenStreams({ url: `${worker.url}${spec.path}`, headers: spec.headers, body: spec.body, streams: STREAMS, pid: worker.pid, timeoutMs })
  return {
    at32KiB: rssWhenDelivered(run.samples, STREAMS, 16, 64),
    at256KiB: rssWhenDelivered(run.samples, STREAMS, 256, 320),
    at1MiB: rssWhenDelivered(run.samples, STREAMS, MIB),
    peakRssMiB: Math.max(...run.samples.map((sample) => sample.rss)),
    completed: run.completed,
    errors: run.errors,
    seconds: Math.round(run.seconds * 10) / 10,
  }
}

export async function memoryPhase({ gateway, floor, reencode, upstream }) {
  const paced = { name: 'drip', drip: { events: EVENTS, bytes: EVENT_BYTES, intervalMs: PACED_MS } }
  const result = { streams: STREAMS, streamKiB: (EVENTS * EVENT_BYTES) / 1024, eventKiB: EVENT_BYTES / 1024, pacedMs: PACED_MS }
  for (const [name, worker] of [['gateway', gateway], ['floor', floor], ['reencode', reencode]]) {
    if (!worker.pid) {
      result[name] = { error: 'workerd process not found' }
      continue
    }
    const spec = (scenario) => (name === 'gateway' ? gatewayRequest(scenario, upstream) : floorRequest(scenario))
    const entry = { idleRssMiB: rssMiB(worker.pid) }
    Object.assign(entry, await pass(worker, spec(paced), { timeoutMs: 75_000 }))
    await sleep(2000)
    entry.afterRssMiB = rssMiB(worker.pid)
    result[name] = entry
    console.log(`memory ${name}: ${JSON.stringify(entry)}`)
  }
  return result
}
