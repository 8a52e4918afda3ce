import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { Emulator } from '../../emulators/core'
import { startOpenAIEmulator } from '../../emulators/openai'
import { startGateway, type Gateway } from '../../helpers/gateway'
import { CANARY, KEYS_ENABLED, gatewayKey, keyEntries, recorder } from './auth-fixtures'

const CONFIGS_ONLY = gatewayKey('configs-only')
const WITH_DEFAULT = gatewayKey('with-default')
const ANTHROPIC_ONLY = gatewayKey('anthropic-only')
const MINI_ONLY = gatewayKey('mini-only')
const PRIMARY_ONLY = gatewayKey('primary-only')
const TAGGED = gatewayKey('tagged')

let primary: Emulator
let secondary: Emulator
let gateway: Gateway
const { chat, expectNoLeak } = recorder(() => gateway)

beforeAll(async () => {
  primary = await startOpenAIEmulator()
  secondary = await startOpenAIEmulator()
  gateway = await startGateway({
    secrets: { PRIMARY_KEY: CANARY, SECONDARY_KEY: `${CANARY}-2` },
    kv: {
      ...KEYS_ENABLED,
      'integration:primary': { provider: 'openai', secret: 'PRIMARY_KEY', custom_host: `${primary.url}/v1` },
      'integration:secondary': { provider: 'openai', secret: 'SECONDARY_KEY', custom_host: `${secondary.url}/v1` },
      'config:chat': { virtual_key: 'primary' },
      'config:pinned': { virtual_key: 'primary', override_params: { model: 'gpt-4o' } },
      'config:both': { strategy: { mode: 'fallback' }, targets: [{ virtual_key: 'primary' }, { virtual_key: 'secondary' }] },
      'config:by-tier': {
        strategy: { mode: 'conditional', conditions: [{ query: { 'metadata.tier': { $eq: 'gold' } }, then: 'gold' }], default: 'base' },
        targets: [{ name: 'base', virtual_key: 'primary' }, { name: 'gold', virtual_key: 'secondary' }],
      },
      ...keyEntries(CONFIGS_ONLY, { id: 'key_00000000000000b1', policy: { configs: ['chat'] } }),
      ...keyEntries(WITH_DEFAULT, { id: 'key_00000000000000b2', policy: { default_config: 'pinned' } }),
      ...keyEntries(ANTHROPIC_ONLY, { id: 'key_00000000000000b3', policy: { providers: ['anthropic'] } }),
      ...keyEntries(MINI_ONLY, { id: 'key_00000000000000b4', policy: { models: ['gpt-4o-mini*'] } }),
      ...keyEntries(PRIMARY_ONLY, { id: 'key_00000000000000b5', policy: { integrations: ['primary'] } }),
      ...keyEntries(TAGGED, { id: 'key_00000000000000b6', policy: { metadata: { tier: 'gold', team: 'web' } } }),
    },
  })
})
afterAll(async () => {
  await gateway?.dispose()
  await Promise.all([primary?.close(), secondary?.close()])
})
beforeEach(() => {
  primary.reset()
  secondary.reset()
})

const refusal = async (key: string, headers: Record<string, string>, body: Record<string, unknown> = {}) => {
  const answer = await chat({ 'x-portkey-api-key': key, ...headers }, body)
  expect(answer.status).toBe(403)
  expect(answer.json.error.type).toBe('permission_error')
  expect(primary.requests.length + secondary.requests.length).toBe(0)
  return answer.json.error
}

describe('per-key policy', () => {
  test('configs: a key may use only its listed saved configs', async () => {
    expect((await chat({ 'x-portkey-api-key': CONFIGS_ONLY, 'x-portkey-config': 'chat' })).status).toBe(200)
    primary.reset()
    expect(await refusal(CONFIGS_ONLY, { 'x-portkey-config': 'pinned' })).toMatchObject({ code: 'config_not_allowed', message: "config 'pinned' is not allowed for this key." })
    expect((await refusal(CONFIGS_ONLY, { 'x-portkey-config': JSON.stringify({ virtual_key: 'primary' }) })).code).toBe('config_required')
  })

  test('default_config applies when the request names no config and no provider', async () => {
    const answer = await chat({ 'x-portkey-api-key': WITH_DEFAULT })
    expect(answer.status).toBe(200)
    expect(primary.requests[0].json.model).toBe('gpt-4o')
  })

  test('providers: every target of the config is checked', async () => {
    expect(await refusal(ANTHROPIC_ONLY, { 'x-portkey-config': 'chat' })).toMatchObject({ code: 'provider_not_allowed', message: "provider 'openai' (config) is not allowed for this key." })
  })

  test('models: the model the target would send, from the body or override_params', async () => {
    expect((await chat({ 'x-portkey-api-key': MINI_ONLY, 'x-portkey-config': 'chat' })).status).toBe(200)
    primary.reset()
    expect((await refusal(MINI_ONLY, { 'x-portkey-config': 'chat' }, { model: 'gpt-4o' })).message).toBe("model 'gpt-4o' (config) is not allowed for this key.")
    expect((await refusal(MINI_ONLY, { 'x-portkey-config': 'pinned' })).message).toBe("model 'gpt-4o' (config) is not allowed for this key.")
  })

  test('integrations: a fallback target or an @integration model naming another one is refused', async () => {
    expect((await chat({ 'x-portkey-api-key': PRIMARY_ONLY, 'x-portkey-config': 'chat' })).status).toBe(200)
    primary.reset()
    expect(await refusal(PRIMARY_ONLY, { 'x-portkey-config': 'both' })).toMatchObject({ code: 'integration_not_allowed', message: "integration 'secondary' is not allowed for this key." })
    expect((await refusal(PRIMARY_ONLY, {}, { model: '@secondary/gpt-4o-mini' })).code).toBe('integration_not_allowed')
    // A conditional branch the request would not take is refused too.
    expect((await refusal(PRIMARY_ONLY, { 'x-portkey-config': 'by-tier' })).code).toBe('integration_not_allowed')
  })

  test("the key's metadata routes conditionals over the request's own and is logged with the trace", async () => {
    const answer = await chat({ 'x-portkey-api-key': TAGGED, 'x-portkey-config': 'by-tier', 'x-portkey-metadata': JSON.stringify({ tier: 'base' }) })
    expect(answer.status).toBe(200)
    expect(secondary.requests).toHaveLength(1)
    const trace = answer.headers.get('x-portkey-trace-id')!
    const line = gateway.logs.map(parseLine).find((entry) => entry?.trace_id === trace && entry.gateway_key)
    expect(line).toMatchObject({ trace_id: trace, gateway_key: 'key_00000000000000b6', key_metadata: { tier: 'gold', team: 'web' } })
    expect(line.attempts).toHaveLength(1) // the request's one log line carries the key and every attempt
  })
})

function parseLine(text: string): any {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

test('the stored keys and the gateway keys appear in no answer and no log line', () => {
  expectNoLeak(CANARY, CONFIGS_ONLY, WITH_DEFAULT, ANTHROPIC_ONLY, MINI_ONLY, PRIMARY_ONLY, TAGGED)
})
