import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startOpenAIEmulator, type OpenAIEmulator } from '../emulators/openai'
import { startGateway, type Gateway } from '../helpers/gateway'

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789'
const CANARY = 'sk-canary-admin-7f3e9d1c'
let emulator: OpenAIEmulator
let gateway: Gateway
/** Every admin answer body, for the checks that no secret value or key hash ever leaves. */
const answered: string[] = []

beforeAll(async () => {
  emulator = await startOpenAIEmulator()
  gateway = await startGateway({ secrets: { ADMIN_TOKEN, CANARY_KEY: CANARY } })
})
afterAll(async () => {
  await gateway?.dispose()
  await emulator?.close()
})

async function admin(method: string, path: string, body?: unknown, token = ADMIN_TOKEN) {
  const response = await fetch(`${gateway.url}/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  answered.push(text)
  return { status: response.status, body: JSON.parse(text), headers: response.headers }
}

const chat = (config: string) =>
  fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-portkey-config': config },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
  })

describe('admin token', () => {
  test('without ADMIN_TOKEN every admin route answers 503 admin_disabled saying how to set it', async () => {
    const closed = await startGateway({ secrets: { CANARY_KEY: CANARY } })
    try {
      for (const [method, path] of [['GET', '/admin/configs'], ['POST', '/admin/keys'], ['GET', '/admin/nowhere']]) {
        const response = await fetch(`${closed.url}${path}`, { method, headers: { authorization: 'Bearer anything-at-all-long-enough' } })
        const body = await response.json()
        expect(response.status).toBe(503)
        expect(body.error.code).toBe('admin_disabled')
        expect(body.error.message).toContain('wrangler secret put ADMIN_TOKEN')
      }
    } finally {
      await closed.dispose()
    }
  })

  test('a missing or wrong token gets 401 before any route is matched', async () => {
    const missing = await fetch(`${gateway.url}/admin/configs`)
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toContain('Bearer')
    for (const path of ['/configs', '/keys', '/no-such-route']) {
      const wrong = await admin('GET', path, undefined, `${ADMIN_TOKEN}x`)
      expect(wrong.status).toBe(401)
      expect(wrong.body.error.code).toBe('invalid_admin_token')
    }
  })

  test('with the right token an unknown admin route is a 404 in the error envelope', async () => {
    const { status, body } = await admin('GET', '/nowhere')
    expect(status).toBe(404)
    expect(body.error).toMatchObject({ type: 'not_found_error', code: 'unknown_endpoint' })
  })
})

describe('saved configs', () => {
  const first = { strategy: { mode: 'fallback' }, targets: [{ provider: 'openai', api_key: 'sk-a' }, { provider: 'groq', api_key: 'sk-b' }] }
  const second = { provider: 'openai', api_key: 'sk-c', retry: { attempts: 2 } }

  test('PUT creates version 1, a second PUT makes version 2 and keeps version 1 as previous', async () => {
    const created = await admin('PUT', '/configs/crud-test', first)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ id: 'crud-test', version: 1, config: first, previous: null })
    const replaced = await admin('PUT', '/configs/crud-test', second)
    expect(replaced.status).toBe(200)
    expect(replaced.body).toMatchObject({ version: 2, previous: { version: 1, config: first } })
    const read = await admin('GET', '/configs/crud-test')
    expect(read.body).toMatchObject({ id: 'crud-test', version: 2, config: second, previous: { version: 1, config: first } })
    const versions = await admin('GET', '/configs/crud-test/versions')
    expect(versions.body.data.map((entry: { version: number }) => entry.version)).toEqual([2, 1])
    const stored = await (await gateway.mf.getKVNamespace('CONFIGS')).get('config:crud-test')
    expect(JSON.parse(stored!)).toEqual(second)
  })

  test('DELETE removes the config and its history', async () => {
    await admin('PUT', '/configs/short-lived', second)
    expect((await admin('DELETE', '/configs/short-lived')).body).toEqual({ id: 'short-lived', deleted: true })
    expect((await admin('GET', '/configs/short-lived')).status).toBe(404)
    expect((await admin('DELETE', '/configs/short-lived')).status).toBe(404)
    expect(await (await gateway.mf.getKVNamespace('CONFIGS')).get('config-meta:short-lived')).toBeNull()
  })

  test('listing pages through every config with a cursor', async () => {
    for (const id of ['page-a', 'page-b', 'page-c']) await admin('PUT', `/configs/${id}`, second)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { body: { data: { id: string; version: number }[]; cursor: string | null } } = await admin('GET', `/configs?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      expect(page.body.data.length).toBeLessThanOrEqual(2)
      seen.push(...page.body.data.map((entry) => entry.id))
      cursor = page.body.cursor
    } while (cursor)
    expect(seen).toEqual(expect.arrayContaining(['page-a', 'page-b', 'page-c']))
    expect(new Set(seen).size).toBe(seen.length)
    expect((await admin('GET', '/configs?limit=0')).status).toBe(400)
  })

  test('an invalid config PUT gets the same 400 detail as the request path sending it in x-portkey-config', async () => {
    const invalid = { strategy: { mode: 'fallback', on_status_code: [500] }, targets: [{ provider: 'opnai', api_key: 'k', retri: { attempts: 2 } }] }
    const rejected = await admin('PUT', '/configs/invalid-one', invalid)
    const viaRequest = await chat(JSON.stringify(invalid))
    const requestError = (await viaRequest.json()).error
    expect(rejected.status).toBe(400)
    expect(viaRequest.status).toBe(400)
    expect(rejected.body.error.message.replace('(body)', '')).toBe(requestError.message.replace('(x-portkey-config)', ''))
    expect(rejected.body.error).toMatchObject({ code: 'invalid_config', param: requestError.param })
    expect(rejected.body.error.message).toContain("config.strategy.on_status_code: unknown key 'on_status_code' (did you mean 'on_status_codes'?)")
    expect(rejected.body.error.message).toContain("did you mean 'openai'?")
    expect((await admin('GET', '/configs/invalid-one')).status).toBe(404)
  })

  test('a saved config is used by an inference request through an integration on the emulator', async () => {
    await admin('PUT', '/integrations/emulated', { provider: 'openai', secret: 'CANARY_KEY', custom_host: `${emulator.url}/v1` })
    await admin('PUT', '/configs/through-admin', { virtual_key: 'emulated', override_params: { model: 'admin-model' } })
    const response = await chat('through-admin')
    expect(response.status).toBe(200)
    expect((await response.json()).choices[0].message.content).toBe('Hello from the emulator!')
    expect(emulator.requests.at(-1)!.json.model).toBe('admin-model')
    expect(emulator.requests.at(-1)!.headers.authorization).toBe(`Bearer ${CANARY}`)
  })
})

describe('integrations', () => {
  test('a valid integration is stored as written and answered with secret_present, never the value', async () => {
    const integration = { provider: 'openai', secret: 'CANARY_KEY', custom_host: 'https://proxy.example.com/v1' }
    const put = await admin('PUT', '/integrations/openai-canary', integration)
    expect(put.status).toBe(201)
    expect(put.body).toMatchObject({ slug: 'openai-canary', integration, secret_present: true, secrets: { CANARY_KEY: true } })
    const read = await admin('GET', '/integrations/openai-canary')
    expect(read.body).toMatchObject({ integration, secret_present: true })
    const listed = await admin('GET', '/integrations')
    expect(listed.body.data).toContainEqual({ slug: 'openai-canary', provider: 'openai', secret_present: true, secrets: { CANARY_KEY: true } })
  })

  test('an integration naming an unset secret is saved with secret_present false and a warning', async () => {
    const put = await admin('PUT', '/integrations/no-secret-yet', { provider: 'anthropic', secret: 'ANTHROPIC_LATER_KEY' })
    expect(put.body.secret_present).toBe(false)
    expect(put.body.warnings[0]).toContain('wrangler secret put ANTHROPIC_LATER_KEY')
    expect((await admin('DELETE', '/integrations/no-secret-yet')).status).toBe(200)
    expect((await admin('GET', '/integrations/no-secret-yet')).status).toBe(404)
  })

  test('an invalid integration gets every issue with its path, and a binding name is refused as a secret', async () => {
    const { status, body } = await admin('PUT', '/integrations/broken', { provider: 'openai', secret: 'ADMIN_TOKEN', custom_hots: 'x' })
    expect(status).toBe(400)
    expect(body.error.code).toBe('invalid_integration')
    expect(body.error.message).toContain('integration.secret: ADMIN_TOKEN is a gateway binding')
    expect(body.error.message).toContain("unknown key 'custom_hots' (did you mean 'custom_host'?)")
  })
})

describe('gateway keys', () => {
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

  test('create answers the key once; KV keeps only its hash, and reads never show the key or hash', async () => {
    const created = await admin('POST', '/keys', { name: 'web', browser: true, expires_in_days: 30, policy: { origins: ['https://app.example.com'], configs: ['through-admin'], providers: ['Gemini'], rate_limit: { requests_per_minute: 60 } } })
    expect(created.status).toBe(201)
    const { key, record } = created.body
    expect(key).toMatch(/^usk_[0-9A-Za-z]{40}$/)
    expect(record).toMatchObject({ name: 'web', browser: true, prefix: key.slice(0, 12), status: 'active', policy: { providers: ['google'] } })
    expect(Date.parse(record.expires_at) - Date.parse(record.created_at)).toBe(30 * 86_400_000)
    const kv = await gateway.mf.getKVNamespace('CONFIGS')
    expect(JSON.parse((await kv.get(`key:${sha256(key)}`))!)).toMatchObject({ id: record.id, name: 'web' })
    expect(await kv.get(`keyid:${record.id}`)).toBe(sha256(key))
    expect(await kv.get('meta:keys-enabled')).toBe('1')
    const read = await admin('GET', `/keys/${record.id}`)
    const listed = await admin('GET', '/keys')
    expect(read.body).toMatchObject({ id: record.id, prefix: record.prefix })
    expect(listed.body.data.map((entry: { id: string }) => entry.id)).toContain(record.id)
    for (const text of [JSON.stringify(read.body), JSON.stringify(listed.body)]) {
      expect(text).not.toContain(key)
      expect(text).not.toContain(sha256(key))
    }
  })

  test('two keys never repeat and their characters are base62', async () => {
    const keys = await Promise.all([1, 2, 3].map(async () => (await admin('POST', '/keys', {})).body.key as string))
    expect(new Set(keys).size).toBe(3)
    for (const key of keys) expect(key).toMatch(/^usk_[0-9A-Za-z]{40}$/)
  })

  test('PATCH replaces the policy and name; revoke sets revoked_at once; DELETE forgets the key', async () => {
    const { record } = (await admin('POST', '/keys', { name: 'server' })).body
    const patched = await admin('PATCH', `/keys/${record.id}`, { name: 'renamed', policy: { models: ['gpt-4o*'], default_config: 'through-admin' } })
    expect(patched.body).toMatchObject({ name: 'renamed', policy: { models: ['gpt-4o*'], default_config: 'through-admin' } })
    const revoked = await admin('POST', `/keys/${record.id}/revoke`)
    expect(revoked.body).toMatchObject({ status: 'revoked' })
    const again = await admin('POST', `/keys/${record.id}/revoke`)
    expect(again.body.revoked_at).toBe(revoked.body.revoked_at)
    expect((await admin('DELETE', `/keys/${record.id}`)).body).toEqual({ id: record.id, deleted: true })
    expect((await admin('GET', `/keys/${record.id}`)).status).toBe(404)
    expect(await (await gateway.mf.getKVNamespace('CONFIGS')).get(`keyid:${record.id}`)).toBeNull()
  })

  test('policy problems are each reported with their path and a did-you-mean, and nothing is stored', async () => {
    const before = (await admin('GET', '/keys?limit=100')).body.data.length
    const { status, body } = await admin('POST', '/keys', {
      nmae: 'typo',
      policy: { orgins: ['https://a.example.com'], providers: ['opnai'], origins: ['https://a.example.com/path'], rate_limit: { requests_per_minute: 0, tokens_per_minit: 5 } },
    })
    expect(status).toBe(400)
    expect(body.error.code).toBe('invalid_key_settings')
    const message: string = body.error.message
    expect(message).toContain("nmae: unknown key 'nmae' (did you mean 'name'?)")
    expect(message).toContain("policy.orgins: unknown key 'orgins' (did you mean 'origins'?)")
    expect(message).toContain("policy.providers[0]: unknown provider 'opnai' (did you mean 'openai'?)")
    expect(message).toContain('policy.origins[0]: expected an origin')
    expect(message).toContain('policy.rate_limit.requests_per_minute: must be at least 1')
    expect(message).toContain("policy.rate_limit.tokens_per_minit: unknown key 'tokens_per_minit' (did you mean 'tokens_per_minute'?)")
    expect((await admin('GET', '/keys?limit=100')).body.data.length).toBe(before)
  })

  test('a browser key needs origins and saved configs, and an expiry must lie ahead', async () => {
    const browser = await admin('POST', '/keys', { browser: true })
    expect(browser.body.error.message).toContain('policy.origins: a browser key needs at least one allowed origin')
    expect(browser.body.error.message).toContain('policy.configs: a browser key may use only saved configs')
    const past = await admin('POST', '/keys', { expires_at: '2020-01-01T00:00:00Z' })
    expect(past.body.error.message).toContain('expires_at: is in the past')
  })

  test('the first key switches enforcement on; a key made here works for its config and is refused once revoked', async () => {
    // A fresh gateway: the request path remembers "no keys yet" for a few seconds once it has looked.
    const fresh = await startGateway({ secrets: { ADMIN_TOKEN, CANARY_KEY: CANARY } })
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${fresh.url}/admin${path}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((response) => response.json())
    const withKey = (key?: string) =>
      fetch(`${fresh.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-portkey-config': 'guarded', ...(key ? { 'x-portkey-api-key': key } : {}) },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
      })
    try {
      await call('PUT', '/integrations/emulated', { provider: 'openai', secret: 'CANARY_KEY', custom_host: `${emulator.url}/v1` })
      await call('PUT', '/configs/guarded', { virtual_key: 'emulated' })
      const allowed = await call('POST', '/keys', { policy: { configs: ['guarded'] } })
      const revoked = await call('POST', '/keys', {})
      await call('POST', `/keys/${revoked.record.id}/revoke`)
      expect((await withKey()).status).toBe(401)
      expect((await withKey(allowed.key)).status).toBe(200)
      expect((await withKey(revoked.key)).status).toBe(403)
      for (const line of fresh.logs) expect(line).not.toContain(CANARY)
    } finally {
      await fresh.dispose()
    }
  })
})

test('no admin answer and no log line ever carries the canary secret value or the admin token', () => {
  expect(answered.length).toBeGreaterThan(20)
  for (const text of [...answered, ...gateway.logs]) {
    expect(text).not.toContain(CANARY)
    expect(text).not.toContain(ADMIN_TOKEN)
  }
  expect(gateway.logs.some((line) => line.includes('"admin":"key.create"'))).toBe(true)
})
