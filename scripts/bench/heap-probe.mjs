// Whether the gateway keeps anything per stream that grows with the stream's length: the JS heap
// after a forced full GC (through workerd's V8 inspector), with streams open, once when each has
// delivered 32 KiB and once at 1 MiB. A light load (few streams) keeps the inspector responsive
// and leaves V8 room to collect: RSS under heavy load also counts garbage not yet collected.
import { createServer } from 'node:net'
import { connectInspector } from './inspector.mjs'
import { measureOpenStreams } from './memory.mjs'
import { floorRequest, gatewayRequest } from './scenarios.mjs'
import { startWorker } from './workers.mjs'

const STREAMS = 50
const DRIP = { events: 40, bytes: 32 * 1024, intervalMs: 250 }

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

async function inspector(port, wake) {
  const { send, close } = await connectInspector(port)
  return {
    /** JS heap in use right after a full GC, and the heap's size (what V8 holds from the system), in MiB. */
    async heapAfterGc() {
      // workerd serves inspector commands when the isolate runs; an idle one is woken by a request.
      const collected = send('HeapProfiler.collectGarbage')
      const timer = setInterval(wake, 50)
      try {
        await collected
        const usage = await send('Runtime.getHeapUsage')
        return { heapMiB: usage.usedSize / 2 ** 20, heapTotalMiB: usage.totalSize / 2 ** 20 }
      } finally {
        clearInterval(timer)
      }
    },
    close,
  }
}

/** The probe for one Worker (its script, bindings and the request that opens a stream through it). */
async function probe({ scriptPath, bindings, spec }) {
  const port = await freePort()
  const worker = await startWorker({ scriptPath, bindings, kvNamespaces: ['CONFIGS'], inspectorPort: port })
  const v8 = await inspector(port, () => void fetch(`${worker.url}/health`).then((response) => response.body?.cancel(), () => {}))
  try {
    const result = { streams: STREAMS, streamKiB: (DRIP.events * DRIP.bytes) / 1024, idleHeapMiB: (await v8.heapAfterGc()).heapMiB }
    const onSample = async (sample) => {
      if (sample.open !== STREAMS) return
      if (result.at32KiB === undefined && sample.minKiB >= 32 && sample.minKiB < 256) result.at32KiB = { ...(await v8.heapAfterGc()), rssMiB: sample.rss }
      if (result.at1MiB === undefined && sample.minKiB >= 1024) result.at1MiB = { ...(await v8.heapAfterGc()), rssMiB: sample.rss }
    }
    const run = await measureOpenStreams({ url: `${worker.url}${spec.path}`, headers: spec.headers, body: spec.body, streams: STREAMS, pid: worker.pid, timeoutMs: 40_000, onSample })
    result.afterHeapMiB = (await v8.heapAfterGc()).heapMiB
    result.completed = run.completed
    return result
  } finally {
    v8.close()
    await worker.dispose()
  }
}

/** The gateway's live heap, and the re-encoding floor's under the same streams for comparison. */
export async function heapProbe({ gatewayScript, reencodeScript, upstream }) {
  const drip = { name: 'drip', drip: DRIP }
  const gateway = await probe({ scriptPath: gatewayScript, bindings: { ALLOWED_PRIVATE_HOSTS: '127.0.0.1' }, spec: gatewayRequest(drip, upstream) })
  if (!reencodeScript) return gateway
  gateway.reencode = await probe({ scriptPath: reencodeScript, bindings: { UPSTREAM: upstream }, spec: floorRequest(drip) })
  return gateway
}
