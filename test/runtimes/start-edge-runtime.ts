import { EdgeRuntime, runServer } from 'edge-runtime'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { TEST_VARIABLES, type RunningRuntime } from './runtime-harness'

const script = fileURLToPath(new URL('../../dist/edge-runtime.js', import.meta.url))

/**
 * Runs dist/edge-runtime.js (the Vercel Edge entry around the built worker bundle) in Vercel's
 * edge-runtime VM, in this process, with `variables` as its `process.env` and its console lines
 * collected in `logs`.
 */
export async function startEdgeRuntime(variables: Record<string, string>, logs: string[] = []): Promise<RunningRuntime> {
  const env = { ...TEST_VARIABLES, ...variables }
  const record = (...parts: unknown[]) => void logs.push(parts.map(String).join(' '))
  const runtime = new EdgeRuntime({
    initialCode: readFileSync(script, 'utf8'),
    // Vercel Edge Functions read their environment variables from process.env. The gateway's log
    // lines go to `logs` rather than to the test output.
    extend: (context) => Object.assign(context, { process: { env }, console: { log: record, info: record, warn: record, error: record, debug: record } }),
  })
  const server = await runServer({ runtime, port: 0, host: '127.0.0.1' })
  return { url: server.url.replace(/\/$/, ''), close: () => server.close() }
}
