// A CPU profile of the gateway's isolate inside workerd under one scenario's load, through the
// V8 inspector that workerd exposes (not part of `npm run bench`; a tool to find the hot path):
//   node scripts/bench/profile.mjs [scenario] [concurrency] [seconds]
// The gateway runs with LOG_REQUESTS=none (BENCH_LOG_REQUESTS to change it): with the inspector attached,
// every console line is also sent to it, which would dwarf everything else.
// Prints the functions with the most self time, and the share of time per source folder.
import { fork } from 'node:child_process'
import { writeFileSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { connectInspector } from './inspector.mjs'
import { runLoad } from './load.mjs'
import { SCENARIOS, gatewayRequest } from './scenarios.mjs'
import { startWorker } from './workers.mjs'

const [scenarioName = 'chat', concurrencyText = '8', secondsText = '4'] = process.argv.slice(2)
const scenario = SCENARIOS.find((candidate) => candidate.name === scenarioName) ?? { name: scenarioName, drip: { events: 10, bytes: 32768, intervalMs: 250 } }
const INSPECTOR_PORT = 9339

const upstreamChild = fork(fileURLToPath(new URL('./upstream.mjs', import.meta.url)), [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
const upstream = await new Promise((resolve) => upstreamChild.stdout.once('data', (chunk) => resolve(`http://127.0.0.1:${String(chunk).trim()}`)))
const gateway = await startWorker({ scriptPath: fileURLToPath(new URL('../../dist/worker.js', import.meta.url)), bindings: { ALLOWED_PRIVATE_HOSTS: '127.0.0.1', LOG_REQUESTS: process.env.BENCH_LOG_REQUESTS ?? 'none' }, kvNamespaces: ['CONFIGS'], inspectorPort: INSPECTOR_PORT })

const { send, close: closeInspector } = await connectInspector(INSPECTOR_PORT)

const spec = gatewayRequest(scenario, upstream)
const load = { url: `${gateway.url}${spec.path}`, headers: spec.headers, body: spec.body, concurrency: Number(concurrencyText) }
await runLoad({ ...load, warmupMs: 0, durationMs: 1500 })
await send('Profiler.enable')
await send('Profiler.setSamplingInterval', { interval: 50 })
await send('Profiler.start')
const result = await runLoad({ ...load, warmupMs: 0, durationMs: Number(secondsText) * 1000 })
const { profile } = await send('Profiler.stop')
closeInspector()
await gateway.dispose()
upstreamChild.kill()

mkdirSync('bench-results', { recursive: true })
writeFileSync(`bench-results/profile-${scenario.name}.cpuprofile`, JSON.stringify(profile))

// Self time per node, from the sample counts.
const counts = new Map()
for (const sample of profile.samples) counts.set(sample, (counts.get(sample) ?? 0) + 1)
const total = profile.samples.length
const byFunction = new Map()
const byArea = new Map()
for (const node of profile.nodes) {
  const hits = counts.get(node.id) ?? 0
  if (!hits) continue
  const frame = node.callFrame
  const name = `${frame.functionName || '(anonymous)'} ${frame.url ? `${frame.url.split('/').pop()}:${frame.lineNumber + 1}` : ''}`.trim()
  byFunction.set(name, (byFunction.get(name) ?? 0) + hits)
  const area = frame.url ? 'script' : frame.functionName.startsWith('(') ? frame.functionName : 'native'
  byArea.set(area, (byArea.get(area) ?? 0) + hits)
}
// Native time charged to the script function that called it (the nearest ancestor with a source).
const parentOf = new Map()
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id)
const nodesById = new Map(profile.nodes.map((node) => [node.id, node]))
const byCaller = new Map()
for (const [id, hits] of counts) {
  let node = nodesById.get(id)
  while (node && !node.callFrame.url && parentOf.has(node.id)) node = nodesById.get(parentOf.get(node.id))
  const frame = node?.callFrame
  const name = frame?.url ? `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}` : `${frame?.functionName || '(root)'} [no script caller]`
  byCaller.set(name, (byCaller.get(name) ?? 0) + hits)
}

console.log(`${scenario.name} c=${load.concurrency}: ${result.rps.toFixed(0)} rps, p50 ${result.p50.toFixed(2)} ms; ${total} samples`)
console.log('share by kind:', [...byArea].sort((a, b) => b[1] - a[1]).map(([area, hits]) => `${area} ${((hits / total) * 100).toFixed(1)}%`).join(', '))
for (const [name, hits] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${name}`)
console.log('\nself time plus the native calls it made:')
for (const [name, hits] of [...byCaller].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${name}`)
