// `npm run bench`: the gateway against a passthrough floor and a re-encoding floor, all in workerd, on 127.0.0.1.
// Bounded: every phase has a time limit and the whole run stops by itself (a few minutes on 2 cores).
// Options (environment): BENCH_ONLY (phases, e.g. load,startup), BENCH_SECONDS (measured seconds per run, default 3), BENCH_STREAMS
// (open streams in the memory phase, default 1000), BENCH_QUICK=1 (short runs and 100 streams), BENCH_LOG_REQUESTS
// (the gateway's LOG_REQUESTS, default its own default).
import { fork } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { measureBundle } from './bundle-size.mjs'
import { runSlice, sendOnce, summarise } from './load.mjs'
import { heapProbe } from './heap-probe.mjs'
import { memoryPhase } from './memory-phase.mjs'
import { SCENARIOS, gatewayRequest, floorRequest, checkAnswer } from './scenarios.mjs'
import { measureStartup } from './startup.mjs'
import { startWorker } from './workers.mjs'
import { printReport, summaryLines } from './report.mjs'

const QUICK = process.env.BENCH_QUICK === '1'
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 1 : 3))
const WARMUP_MS = QUICK ? 300 : 1000
const CONCURRENCIES = [1, 64]
// BENCH_ONLY=load,startup,memory runs only those phases (all by default).
const PHASES = new Set((process.env.BENCH_ONLY ?? 'load,startup,memory').split(','))
// Floor and gateway take turns in short slices, so that a disturbance (another process on the
// machine) weighs on both alike.
const ROUNDS = QUICK ? 1 : 4
// BENCH_GATEWAY: another build of the gateway to measure (an A/B of a change), default dist/worker.js.
const GATEWAY = process.env.BENCH_GATEWAY ?? fileURLToPath(new URL('../../dist/worker.js', import.meta.url))
const FLOOR = fileURLToPath(new URL('./passthrough-worker.mjs', import.meta.url))
const REENCODE = fileURLToPath(new URL('./reencode-worker.mjs', import.meta.url))
const HARD_LIMIT_MS = 8 * 60_000

const killer = setTimeout(() => {
  console.error('bench: over the 8-minute limit, stopping')
  process.exit(2)
}, HARD_LIMIT_MS)
killer.unref()

function startUpstream() {
  const child = fork(fileURLToPath(new URL('./upstream.mjs', import.meta.url)), [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve({ url: `http://127.0.0.1:${String(chunk).trim()}`, child }))
    child.once('exit', (code) => reject(new Error(`upstream exited (${code})`)))
  })
}

async function upstreamHits(upstream) {
  const result = await sendOnce(undefined, new URL(`${upstream.url}/stats`), '', {}, true)
  return JSON.parse(result.body)
}

const machine = {
  date: new Date().toISOString(),
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  command: 'npm run bench',
  secondsPerRun: SECONDS,
  warmupMs: WARMUP_MS,
}
console.log(`understudy bench — ${machine.date}, ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, node ${machine.node}`)

const results = { machine, scenarios: [], bundle: {}, startup: {}, memory: {} }
const began = Date.now()
const upstream = await startUpstream()
const stopAll = []
try {
  results.bundle.worker = await measureBundle('worker/index.ts')
  results.bundle.allRuntimes = await measureBundle('worker/platform/bundle.ts')
  console.log(`bundle: ${(results.bundle.worker.minifiedBytes / 1024).toFixed(1)} KiB minified, ${(results.bundle.worker.gzippedBytes / 1024).toFixed(1)} KiB gzipped (with the Deno/Vercel adapters: ${(results.bundle.allRuntimes.gzippedBytes / 1024).toFixed(1)} KiB)`)

  const floor = await startWorker({ scriptPath: FLOOR, bindings: { UPSTREAM: upstream.url } })
  stopAll.push(floor.dispose)
  const reencode = await startWorker({ scriptPath: REENCODE, bindings: { UPSTREAM: upstream.url } })
  stopAll.push(reencode.dispose)
  const gatewayLogs = []
  const gateway = await startWorker({ scriptPath: GATEWAY, bindings: { ALLOWED_PRIVATE_HOSTS: '127.0.0.1', ...(process.env.BENCH_LOG_REQUESTS ? { LOG_REQUESTS: process.env.BENCH_LOG_REQUESTS } : {}) }, kvNamespaces: ['CONFIGS'], logs: gatewayLogs })
  stopAll.push(gateway.dispose)

  for (const scenario of SCENARIOS) {
    const before = await upstreamHits(upstream)
    const answer = await sendOnce(undefined, new URL(`${gateway.url}${gatewayRequest(scenario, upstream.url).path}`), gatewayRequest(scenario, upstream.url).body, { 'content-type': 'application/json', ...gatewayRequest(scenario, upstream.url).headers }, true)
    checkAnswer(scenario, answer)
    for (const [name, worker] of [['floor', floor], ['re-encoding floor', reencode]]) {
      const floorAnswer = await sendOnce(undefined, new URL(`${worker.url}${floorRequest(scenario).path}`), floorRequest(scenario).body, { 'content-type': 'application/json' }, true)
      if (floorAnswer.status !== 200) throw new Error(`${name} ${scenario.name}: status ${floorAnswer.status}`)
    }
    const after = await upstreamHits(upstream)
    // What one gateway request and one floor request cost the upstream, per route (fallback: 2 each).
    scenario.upstreamCalls = Object.fromEntries(Object.keys(after).filter((route) => route.startsWith('/') && route !== '/stats').map((route) => [route, after[route] - (before[route] ?? 0)]).filter(([, count]) => count > 0))
  }

  for (const scenario of PHASES.has('load') ? SCENARIOS : []) {
    for (const concurrency of CONCURRENCIES) {
      const floorSpec = floorRequest(scenario)
      const gatewaySpec = gatewayRequest(scenario, upstream.url)
      const floorSlices = []
      const reencodeSlices = []
      const gatewaySlices = []
      for (let round = 0; round < ROUNDS; round++) {
        // The first slice of each side warms it up for longer; later slices briefly refill the pool.
        const options = { concurrency, warmupMs: round === 0 ? WARMUP_MS : 100, durationMs: (SECONDS * 1000) / ROUNDS }
        floorSlices.push(await runSlice({ ...options, url: `${floor.url}${floorSpec.path}`, body: floorSpec.body }))
        reencodeSlices.push(await runSlice({ ...options, url: `${reencode.url}${floorSpec.path}`, body: floorSpec.body }))
        gatewaySlices.push(await runSlice({ ...options, url: `${gateway.url}${gatewaySpec.path}`, headers: gatewaySpec.headers, body: gatewaySpec.body }))
      }
      const floorResult = summarise(floorSlices)
      const gatewayResult = summarise(gatewaySlices)
      const row = { scenario: scenario.name, streaming: scenario.streaming, concurrency, floor: floorResult, reencode: summarise(reencodeSlices), gateway: gatewayResult }
      // Failed requests: keep what the gateway logged about them (a few lines) to explain them.
      if (gatewayResult.errors) row.gatewayLogs = gatewayLogs.slice(0, 5).map((line) => line.slice(0, 600))
      gatewayLogs.length = 0
      if (row.gatewayLogs) for (const line of row.gatewayLogs) console.log(`    gateway log: ${line}`)
      results.scenarios.push(row)
      console.log(`  ${scenario.name.padEnd(22)} c=${String(concurrency).padEnd(3)} floor ${floorResult.rps.toFixed(0).padStart(6)} rps p50 ${floorResult.p50.toFixed(2)} ms | re-encoding ${row.reencode.rps.toFixed(0).padStart(6)} rps p50 ${row.reencode.p50.toFixed(2)} ms | gateway ${gatewayResult.rps.toFixed(0).padStart(6)} rps p50 ${gatewayResult.p50.toFixed(2)} ms${gatewayResult.errors ? ` (${gatewayResult.errors} errors: ${gatewayResult.firstError})` : ''}`)
    }
  }

  if (PHASES.has('startup')) results.startup = await measureStartup({ gateway: GATEWAY, floor: FLOOR, upstream: upstream.url, runs: QUICK ? 1 : 3 })
  if (PHASES.has('startup')) console.log(`start-up (new workerd + isolate → first response): gateway ${results.startup.gateway.medianMs.toFixed(0)} ms, floor ${results.startup.floor.medianMs.toFixed(0)} ms`)

  if (PHASES.has('memory')) {
    results.memory = await memoryPhase({ gateway, floor, reencode, upstream: upstream.url })
    results.memory.heap = await heapProbe({ gatewayScript: GATEWAY, reencodeScript: REENCODE, upstream: upstream.url })
    console.log(`memory heap probe: ${JSON.stringify(results.memory.heap)}`)
  }
} finally {
  for (const stop of stopAll.reverse()) await stop().catch(() => {})
  upstream.child.kill()
}

results.machine.totalSeconds = Math.round((Date.now() - began) / 1000)
printReport(results)
mkdirSync('bench-results', { recursive: true })
const file = `bench-results/bench-${machine.date.replace(/[:.]/g, '-')}.json`
writeFileSync(file, JSON.stringify(results, null, 2))
console.log(`\nresults: ${file}\n`)
for (const line of summaryLines(results)) console.log(line)
