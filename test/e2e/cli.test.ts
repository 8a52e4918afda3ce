import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startGateway, type Gateway } from '../helpers/gateway'

const CLI = fileURLToPath(new URL('../../scripts/cli.mjs', import.meta.url))
const ADMIN_TOKEN = 'cli-admin-token-0123456789abcdef'
const CANARY = 'sk-canary-cli-5b8a2f'
let gateway: Gateway
const folder = mkdtempSync(join(tmpdir(), 'understudy-cli-'))

beforeAll(async () => {
  gateway = await startGateway({ secrets: { ADMIN_TOKEN, CLI_OPENAI_KEY: CANARY } })
})
afterAll(async () => {
  await gateway?.dispose()
})

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** Runs the CLI as a child process (asynchronously: the gateway answers from this process's event loop). */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, UNDERSTUDY_URL: gateway.url, UNDERSTUDY_ADMIN_TOKEN: ADMIN_TOKEN, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    })
  })
}

function file(name: string, content: unknown): string {
  const path = join(folder, name)
  writeFileSync(path, JSON.stringify(content))
  return path
}

const adminGet = async (path: string) =>
  fetch(`${gateway.url}/admin${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })

describe('configs', () => {
  test('push saves a valid config under the file name, and pull prints it back', async () => {
    const config = { strategy: { mode: 'fallback' }, targets: [{ provider: 'openai', api_key: 'sk-x' }, { provider: 'anthropic', api_key: 'sk-y' }] }
    const pushed = await cli(['configs', 'push', file('team-default.json', config)])
    expect(pushed).toMatchObject({ code: 0, stderr: '' })
    expect(pushed.stdout).toContain("Saved config 'team-default' (version 1)")
    const pulled = await cli(['configs', 'pull', 'team-default'])
    expect(JSON.parse(pulled.stdout)).toEqual(config)
    const listed = await cli(['configs', 'list'])
    expect(listed.stdout).toMatch(/team-default\s+1\s/)
  })

  test('push of an invalid config prints every issue with its path, exits 1 and sends nothing', async () => {
    const invalid = { strategy: { mode: 'fallback' }, targets: [{ provider: 'opnai', api_key: 'k' }], retyr: { attempts: 2 } }
    const pushed = await cli(['configs', 'push', file('broken.json', invalid), '--id', 'broken'])
    expect(pushed.code).toBe(1)
    expect(pushed.stderr).toContain('nothing was sent')
    expect(pushed.stderr).toContain("config.retyr: unknown key 'retyr' (did you mean 'retry'?)")
    expect((await adminGet('/configs/broken')).status).toBe(404)
  })

  test('validate works offline: no gateway and no token needed', async () => {
    const offline = { UNDERSTUDY_URL: 'http://127.0.0.1:9', UNDERSTUDY_ADMIN_TOKEN: '' }
    expect((await cli(['configs', 'validate', file('ok.json', { provider: 'groq', api_key: 'k' })], offline)).code).toBe(0)
    const bad = await cli(['configs', 'validate', file('bad.json', { provider: 'groq', retry: { attempts: 'three' } })], offline)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('config.retry.attempts')
  })

  test('a refusal from the gateway exits 1 with its status and message', async () => {
    const wrongToken = await cli(['configs', 'list'], { UNDERSTUDY_ADMIN_TOKEN: 'not-the-admin-token-at-all' })
    expect(wrongToken.code).toBe(1)
    expect(wrongToken.stderr).toContain('HTTP 401, invalid_admin_token')
    const missing = await cli(['configs', 'pull', 'no-such-config'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain("Config 'no-such-config' not found")
  })

  test('usage errors exit 2 and --help prints the commands', async () => {
    expect((await cli(['configs', 'frobnicate'])).code).toBe(2)
    expect((await cli(['keys', 'create', '--rpm', 'many'])).stderr).toContain('--rpm expects a whole number')
    const help = await cli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('keys create')
  })
})

describe('integrations', () => {
  test('put then list shows the integration with its secret present, never the value', async () => {
    const put = await cli(['integrations', 'put', 'cli-openai', file('cli-openai.json', { provider: 'openai', secret: 'CLI_OPENAI_KEY' })])
    expect(put).toMatchObject({ code: 0 })
    const listed = await cli(['integrations', 'list'])
    expect(listed.stdout).toMatch(/cli-openai\s+openai\s+true/)
    const shown = await cli(['integrations', 'get', 'cli-openai', '--json'])
    expect(JSON.parse(shown.stdout)).toMatchObject({ slug: 'cli-openai', secret_present: true })
    for (const output of [put, listed, shown]) expect(output.stdout + output.stderr).not.toContain(CANARY)
  })

  test('put of an invalid integration is refused locally', async () => {
    const put = await cli(['integrations', 'put', 'bad', file('bad-integration.json', { provider: 'openai', secret: 'lower_case' })])
    expect(put.code).toBe(1)
    expect(put.stderr).toContain('integration.secret')
    expect((await adminGet('/integrations/bad')).status).toBe(404)
  })
})

describe('keys', () => {
  test('create prints the key once with its policy stored; list shows it without the key; revoke marks it', async () => {
    const created = await cli(['keys', 'create', '--name', 'web app', '--browser', '--origin', 'https://app.example.com', '--config', 'team-default', '--rpm', '30', '--metadata', 'team=web'])
    expect(created.code).toBe(0)
    const key = created.stdout.match(/usk_[0-9A-Za-z]{40}/)?.[0]
    const id = created.stdout.match(/key_[0-9a-f]{16}/)?.[0]
    expect(key).toBeDefined()
    const record = await (await adminGet(`/keys/${id}`)).json()
    expect(record).toMatchObject({ name: 'web app', browser: true, policy: { origins: ['https://app.example.com'], configs: ['team-default'], rate_limit: { requests_per_minute: 30 }, metadata: { team: 'web' } } })
    const listed = await cli(['keys', 'list'])
    expect(listed.stdout).toContain(id)
    expect(listed.stdout).not.toContain(key)
    const revoked = await cli(['keys', 'revoke', id!])
    expect(revoked.stdout).toContain(`Revoked key ${id}`)
    expect((await cli(['keys', 'list'])).stdout).toMatch(new RegExp(`${id}\\s+web app\\s+revoked`))
    expect((await cli(['keys', 'rm', id!])).code).toBe(0)
    expect((await adminGet(`/keys/${id}`)).status).toBe(404)
  })

  test('create validates the settings locally and sends nothing when they are wrong', async () => {
    const creations = () => gateway.logs.filter((line) => line.includes('"admin":"key.create"')).length
    const before = creations()
    const unknownProvider = await cli(['keys', 'create', '--provider', 'opnai'])
    expect(unknownProvider.code).toBe(1)
    expect(unknownProvider.stderr).toContain("policy.providers[0]: unknown provider 'opnai' (did you mean 'openai'?)")
    const browserWithoutOrigin = await cli(['keys', 'create', '--browser', '--config', 'team-default'])
    expect(browserWithoutOrigin.code).toBe(1)
    expect(browserWithoutOrigin.stderr).toContain('policy.origins: a browser key needs at least one allowed origin')
    expect(creations()).toBe(before)
  })
})
