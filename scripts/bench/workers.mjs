// Starts a Worker in workerd through Miniflare (as test/helpers/gateway.ts does, without wrangler)
// and finds its workerd process, whose RSS the memory scenario reads.
import { readdirSync, readFileSync } from 'node:fs'
import { Miniflare } from 'miniflare'

/** PIDs of this process's workerd children. */
function workerdChildren() {
  const pids = new Set()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[1]) === process.pid && stat.includes('(workerd)')) pids.add(Number(name))
    } catch {
      // The process ended while we looked.
    }
  }
  return pids
}

/** Resident set size of a process, in MiB. */
export function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024
}

/**
 * Starts one Worker; `logs` (optional) collects its console lines except successful requests'
 * log records, otherwise they are drained.
 * @returns {Promise<{ url: string, pid: number | undefined, mf: Miniflare, dispose(): Promise<void> }>}
 */
export async function startWorker({ scriptPath, bindings = {}, kvNamespaces = [], logs, inspectorPort }) {
  const before = workerdChildren()
  // The first lines are kept to explain a failed start; the rest are drained (or kept in `logs`).
  const startLines = []
  const drain = (stream) =>
    stream.on('data', (chunk) => {
      if (startLines.length < 50) startLines.push(chunk.toString())
      // Only lines that are not a successful request's log record: the failures worth explaining.
      if (logs) for (const line of chunk.toString().split('\n')) if (line.trim() && !line.includes('"status":200')) logs.push(line)
    })
  const mf = new Miniflare({
    modules: true,
    scriptPath,
    compatibilityDate: '2026-04-01',
    compatibilityFlags: ['enable_request_signal'],
    bindings,
    kvNamespaces,
    ...(inspectorPort ? { inspectorPort } : {}),
    host: '127.0.0.1',
    port: 0,
    handleRuntimeStdio(stdout, stderr) {
      drain(stdout)
      drain(stderr)
    },
  })
  let url
  try {
    url = (await mf.ready).origin
  } catch (error) {
    throw new Error(`workerd did not start ${scriptPath}:\n${startLines.join('')}`, { cause: error })
  }
  const pid = [...workerdChildren()].find((candidate) => !before.has(candidate))
  return { url, pid, mf, dispose: () => mf.dispose() }
}
