import { build } from 'esbuild'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { DENO } from './start-deno'

// The Deno KV store runs where Deno KV exists: the probe is bundled and run by Deno with --unstable-kv.
let observed: any
const folder = mkdtempSync(join(tmpdir(), 'understudy-kv-probe-'))

beforeAll(async () => {
  const probe = join(folder, 'probe.js')
  await build({ entryPoints: [fileURLToPath(new URL('./deno-kv-probe.ts', import.meta.url))], outfile: probe, bundle: true, format: 'esm', platform: 'neutral', logLevel: 'warning' })
  const { stdout } = await promisify(execFile)(DENO, ['run', '--unstable-kv', probe], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? folder, NO_COLOR: '1' } })
  observed = JSON.parse(stdout.trim().split('\n').at(-1)!)
})
afterAll(() => rmSync(folder, { recursive: true, force: true }))

test('stores each entry as its text under ["understudy", key] and reads it back as text or JSON', () => {
  expect(observed.raw).toBe('{"key":"config:b"}')
  expect(observed.text).toBe('{"key":"config:a"}')
  expect(observed.json).toEqual({ key: 'integration:x' })
  expect(observed.missing).toBeNull()
  expect(observed.ttl).toBe('{}')
})

test('lists by string prefix (not by key part) in pages that follow the cursor', () => {
  expect(observed.first.keys.map((key: { name: string }) => key.name)).toEqual(['config:a', 'config:b'])
  expect(observed.first.list_complete).toBe(false)
  expect(observed.second).toEqual({ keys: [{ name: 'config:c' }], list_complete: true })
  expect(observed.everything).toEqual(['config:a', 'config:b', 'config:c', 'configs', 'integration:x', 'key:ttl'])
})

test('deletes an entry', () => {
  expect(observed.deleted).toBeNull()
})
