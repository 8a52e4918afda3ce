import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { TEST_VARIABLES, type RunningRuntime, type RuntimeSetup } from './runtime-harness'

const root = fileURLToPath(new URL('../..', import.meta.url))
export const DENO = join(root, 'node_modules/.bin/deno')
const LISTENING = /Listening on (http:\/\/[\d.]+:\d+)/

/** Where a store's entries go on Deno: Deno KV (a database file in a temporary folder) or UNDERSTUDY_CONFIGS. */
export type DenoStore = 'deno-kv' | 'json'

/**
 * Runs dist/deno.js with `deno serve` on an ephemeral port, env vars as its bindings, and the
 * entries in Deno KV (seeded with the documented key layout) or in UNDERSTUDY_CONFIGS.
 */
export async function startDeno(setup: RuntimeSetup, store: DenoStore): Promise<RunningRuntime> {
  const folder = mkdtempSync(join(tmpdir(), 'understudy-deno-'))
  const variables: Record<string, string> = { ...TEST_VARIABLES, ...setup.secrets }
  const flags = ['--allow-net', '--allow-env']
  if (store === 'deno-kv') {
    const path = join(folder, 'configs.sqlite3')
    await run(['run', '--unstable-kv', `--allow-read=${folder}`, `--allow-write=${folder}`, join(root, 'test/runtimes/seed-deno-kv.ts'), path, JSON.stringify(setup.entries)])
    variables.UNDERSTUDY_KV_PATH = path
    flags.push('--unstable-kv', `--allow-read=${folder}`, `--allow-write=${folder}`)
  } else {
    variables.UNDERSTUDY_CONFIGS = JSON.stringify(setup.entries)
  }
  const child = spawn(DENO, ['serve', ...flags, '--host', '127.0.0.1', '--port', '0', join(root, 'dist/deno.js')], {
    env: denoEnvironment(variables),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const close = async () => {
    await stop(child)
    rmSync(folder, { recursive: true, force: true })
  }
  try {
    return { url: await listeningUrl(child), close }
  } catch (error) {
    await close()
    throw error
  }
}

/** Only what Deno needs to run (its cache under HOME), so the host's variables do not leak in. */
function denoEnvironment(variables: Record<string, string>): Record<string, string> {
  const host = process.env
  return { PATH: host.PATH ?? '', HOME: host.HOME ?? tmpdir(), ...(host.DENO_DIR ? { DENO_DIR: host.DENO_DIR } : {}), NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', ...variables }
}

/** Resolves with the address Deno prints; its output keeps being drained (a full pipe would block it). */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = ''
    let listening = false
    const timer = setTimeout(() => reject(new Error(`deno serve did not start within 10 s:\n${output}`)), 10_000)
    const onData = (chunk: Buffer) => {
      if (listening) return
      output += chunk.toString()
      const match = LISTENING.exec(output)
      if (!match) return
      listening = true
      clearTimeout(timer)
      resolve(match[1])
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (!listening) reject(new Error(`deno serve exited (${code}):\n${output}`))
    })
  })
}

/** Ends the process and waits for it; a process that ignores SIGTERM gets SIGKILL after 2 s. */
export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 2_000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(DENO, args, { env: denoEnvironment({}), stdio: ['ignore', 'ignore', 'pipe'] })
    let errors = ''
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()))
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`deno ${args[0]} failed (${code}): ${errors}`))))
  })
}
