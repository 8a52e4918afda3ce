import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { admitRequest, identifyCaller, withKeyMetadata } from '../../../worker/auth/admit'
import { type KeyRecord, keyRecordKey } from '../../../worker/auth/key-record'
import { KEYS_ENABLED_MARKER } from '../../../worker/auth/key-requirement'
import type { ResolvePlanInput } from '../../../worker/config/resolve-plan'
import { GatewayError } from '../../../worker/http/errors'
import type { Env } from '../../../worker/platform/env'
import { fakeKv } from '../config/fake-kv'

const SERVER_KEY = 'usk_' + 's'.repeat(40)
const BROWSER_KEY = 'usk_' + 'b'.repeat(40)
const APP = 'https://app.example.com'
const hash = (key: string) => createHash('sha256').update(key).digest('hex')
const keyRecord = (id: string, extra: Partial<KeyRecord>): KeyRecord => ({ id, prefix: 'usk_xxxxxxxx', browser: false, created_at: '2026-01-01T00:00:00Z', policy: {}, ...extra })

function environment(options: { marker?: boolean; vars?: Record<string, string>; server?: Partial<KeyRecord> } = {}): Env {
  const entries: Record<string, unknown> = {
    'integration:primary': { provider: 'openai', secret: 'PRIMARY_KEY' },
    'config:chat': { virtual_key: 'primary' },
    'config:other': { virtual_key: 'primary', override_params: { model: 'gpt-4o' } },
    [keyRecordKey(hash(SERVER_KEY))]: keyRecord('key_server', options.server ?? {}),
    [keyRecordKey(hash(BROWSER_KEY))]: keyRecord('key_browser', { browser: true, policy: { origins: [APP], configs: ['chat'] } }),
  }
  if (options.marker !== false) entries[KEYS_ENABLED_MARKER] = '1'
  return { CONFIGS: fakeKv(entries), PRIMARY_KEY: 'sk-stored-canary', ...options.vars }
}

async function admit(env: Env, headers: Record<string, string>, input: Partial<ResolvePlanInput> = {}) {
  const all = new Headers(headers)
  const caller = await identifyCaller(all, env)
  return admitRequest(caller, { headers: all, bodyModel: 'gpt-4o-mini', ...input }, 'chat', env)
}

async function refusal(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof GatewayError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

const BYOK = { 'x-portkey-provider': 'openai', authorization: 'Bearer sk-own' }

describe('requests without a gateway key once keys exist', () => {
  it.each([
    ['a saved config', { 'x-portkey-config': 'chat' }, {}],
    ['an integration in x-portkey-provider', { 'x-portkey-provider': '@primary' }, {}],
    ['an integration in x-portkey-virtual-key', { 'x-portkey-virtual-key': 'primary' }, {}],
    ['an integration in the model', {}, { bodyModel: '@primary/gpt-4o' }],
    ['an integration inside an inline config', { 'x-portkey-config': JSON.stringify({ targets: [{ provider: 'openai', api_key: 'sk-own' }, { virtual_key: 'primary' }] }) }, {}],
    ['a saved config that does not exist (no probing)', { 'x-portkey-config': 'no-such-config' }, {}],
    ['an integration that does not exist (no probing)', { 'x-portkey-provider': '@nope' }, {}],
  ])('refuses %s with 401 missing_gateway_key', async (_, headers, input) => {
    expect(await refusal(admit(environment(), headers, input))).toMatchObject({ status: 401, code: 'missing_gateway_key' })
  })

  it('lets bring-your-own-key requests through', async () => {
    const { plan } = await admit(environment(), BYOK)
    expect(plan.root).toMatchObject({ provider: 'openai', apiKey: 'sk-own', keySource: 'caller' })
  })

  it('refuses even bring-your-own-key requests when REQUIRE_GATEWAY_KEY is "true"', async () => {
    expect(await refusal(admit(environment({ vars: { REQUIRE_GATEWAY_KEY: 'true' } }), BYOK))).toMatchObject({ status: 401, code: 'missing_gateway_key' })
  })

  it('refuses a value in x-portkey-api-key that is not a gateway key', async () => {
    expect(await refusal(admit(environment(), { ...BYOK, 'x-portkey-api-key': 'portkey-cloud-key' }))).toMatchObject({ status: 401, code: 'invalid_gateway_key' })
  })
})

describe('with no key ever created (local development)', () => {
  it('serves saved configs and integrations without a gateway key, and ignores a Portkey cloud key', async () => {
    const { plan } = await admit(environment({ marker: false }), { 'x-portkey-config': 'chat', 'x-portkey-api-key': 'portkey-cloud-key' })
    expect(plan).toMatchObject({ configId: 'chat', root: { keySource: 'secret' } })
  })
})

describe('a server key', () => {
  it('takes a usk_ bearer as the gateway key, never as the provider key', async () => {
    const { plan, headers } = await admit(environment(), { authorization: `Bearer ${SERVER_KEY}`, 'x-portkey-config': 'chat' })
    expect(plan.root).toMatchObject({ apiKey: 'sk-stored-canary' })
    expect(headers.get('authorization')).toBeNull()
  })

  it('applies default_config when the request names no config and no provider', async () => {
    const env = environment({ server: { policy: { default_config: 'other' } } })
    expect((await admit(env, { 'x-portkey-api-key': SERVER_KEY })).plan.configId).toBe('other')
    expect((await admit(env, { 'x-portkey-api-key': SERVER_KEY, 'x-portkey-config': 'chat' })).plan.configId).toBe('chat')
    expect((await admit(env, { 'x-portkey-api-key': SERVER_KEY, ...BYOK })).plan.configId).toBeUndefined()
  })

  it('is refused from a page whose origin is not in CORS_ORIGINS, even with CORS_ORIGINS = *', async () => {
    const headers = { 'x-portkey-api-key': SERVER_KEY, 'x-portkey-config': 'chat', origin: APP }
    expect(await refusal(admit(environment({ vars: { CORS_ORIGINS: '*' } }), headers))).toMatchObject({ status: 403, code: 'origin_not_allowed' })
    expect((await admit(environment({ vars: { CORS_ORIGINS: APP } }), headers)).plan.configId).toBe('chat')
  })

  it('puts the key metadata over the request metadata', () => {
    const record = keyRecord('key_m', { policy: { metadata: { team: 'web' } } })
    expect(withKeyMetadata(record, { team: 'forged', user: 'u1' })).toEqual({ team: 'web', user: 'u1' })
  })
})

describe('a browser key', () => {
  const browser = (headers: Record<string, string>) => ({ 'x-portkey-api-key': BROWSER_KEY, origin: APP, 'x-portkey-config': 'chat', ...headers })

  it('works from its origin with its saved config', async () => {
    expect((await admit(environment(), browser({}))).plan.configId).toBe('chat')
  })

  it.each([
    ['another origin', { origin: 'https://evil.example' }, 'origin_not_allowed'],
    ['a config it may not use', { 'x-portkey-config': 'other' }, 'config_not_allowed'],
    ['an inline config', { 'x-portkey-config': JSON.stringify({ provider: 'openai', api_key: 'sk-x' }) }, 'browser_key_restricted'],
    ['x-portkey-custom-host', { 'x-portkey-custom-host': 'https://evil.example/v1' }, 'browser_key_restricted'],
    ['x-portkey-provider', { 'x-portkey-provider': 'openai' }, 'browser_key_restricted'],
    ['x-portkey-forward-headers', { 'x-portkey-forward-headers': 'cookie' }, 'browser_key_restricted'],
    ['a provider option header', { 'x-portkey-azure-resource-name': 'other' }, 'browser_key_restricted'],
    ['a provider key', { authorization: 'Bearer sk-own' }, 'browser_key_restricted'],
  ])('is refused with %s', async (_, headers, code) => {
    expect(await refusal(admit(environment(), browser(headers)))).toMatchObject({ status: 403, code })
  })

  it('is refused without an Origin header, and with a config in the body', async () => {
    const { origin: _, ...withoutOrigin } = browser({})
    expect(await refusal(admit(environment(), withoutOrigin))).toMatchObject({ status: 403, code: 'origin_required' })
    expect(await refusal(admit(environment(), browser({}), { bodyConfig: { virtual_key: 'primary' } }))).toMatchObject({ status: 403, code: 'browser_key_restricted' })
  })
})
