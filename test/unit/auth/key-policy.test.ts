import { describe, expect, it } from 'vitest'
import type { KeyPolicy, KeyRecord } from '../../../worker/auth/key-record'
import { checkPlanPolicy, modelMatches } from '../../../worker/auth/key-policy'
import { referencedIntegrations } from '../../../worker/auth/referenced-integrations'
import { resolvePlan } from '../../../worker/config/resolve-plan'
import type { Env } from '../../../worker/platform/env'
import { fakeKv } from '../config/fake-kv'

const env: Env = {
  CONFIGS: fakeKv({
    'integration:primary': { provider: 'openai', secret: 'PRIMARY_KEY' },
    'integration:claude': { provider: 'anthropic', secret: 'CLAUDE_KEY' },
  }),
  PRIMARY_KEY: 'sk-1',
  CLAUDE_KEY: 'sk-2',
}
const record = (policy: KeyPolicy): KeyRecord => ({ id: 'key_p', prefix: 'usk_xxxxxxxx', browser: false, created_at: '2026-01-01T00:00:00Z', policy })

async function check(policy: KeyPolicy, config: object | undefined, bodyModel = 'gpt-4o-mini', extra: Record<string, string> = {}) {
  const headers = new Headers({ ...(config && { 'x-portkey-config': JSON.stringify(config) }), ...extra })
  const plan = await resolvePlan({ headers, bodyModel }, env)
  const integrations = await referencedIntegrations({ headers, bodyModel }, env)
  try {
    checkPlanPolicy(record(policy), plan, { endpoint: 'chat', bodyModel, integrations })
    return 'allowed'
  } catch (error) {
    return (error as Error).message
  }
}

describe('modelMatches', () => {
  it.each([
    ['gpt-4o', 'gpt-4o', true],
    ['gpt-4o', 'gpt-4o-mini', false],
    ['gpt-4o*', 'gpt-4o-mini', true],
    ['gpt-4o*', 'gpt-4', false],
    ['*', 'anything', true],
  ])('%s matches %s: %s', (pattern, model, expected) => expect(modelMatches(pattern, model)).toBe(expected))
})

describe('checkPlanPolicy', () => {
  const fallback = { targets: [{ virtual_key: 'primary' }, { virtual_key: 'claude', override_params: { model: 'claude-sonnet-4' } }] }

  it('checks the provider of every target, the fallback ones too', async () => {
    expect(await check({ providers: ['openai'] }, fallback)).toBe("provider 'anthropic' (config.targets[1]) is not allowed for this key.")
    expect(await check({ providers: ['openai', 'anthropic'] }, fallback)).toBe('allowed')
  })

  it('checks the model each target sends, after override_params', async () => {
    expect(await check({ models: ['gpt-4o*'] }, fallback)).toBe("model 'claude-sonnet-4' (config.targets[1]) is not allowed for this key.")
    expect(await check({ models: ['gpt-4o*', 'claude-*'] }, fallback)).toBe('allowed')
  })

  it('checks the model of an @integration/model name without its integration part', async () => {
    expect(await check({ models: ['gpt-4o'] }, undefined, '@primary/gpt-4o')).toBe('allowed')
    expect(await check({ models: ['gpt-4o-mini'] }, undefined, '@primary/gpt-4o')).toBe("model 'gpt-4o' (config) is not allowed for this key.")
  })

  it('checks every integration the request names, on branches a conditional may never take', async () => {
    const conditional = {
      strategy: { mode: 'conditional', conditions: [{ query: { 'metadata.tier': 'gold' }, then: 'gold' }], default: 'base' },
      targets: [{ name: 'base', virtual_key: 'primary' }, { name: 'gold', provider: '@claude' }],
    }
    expect(await check({ integrations: ['primary'] }, conditional)).toBe("integration 'claude' is not allowed for this key.")
    expect(await check({ integrations: ['primary'] }, undefined, '@claude/claude-sonnet-4')).toBe("integration 'claude' is not allowed for this key.")
    expect(await check({ integrations: ['primary', 'claude'] }, conditional)).toBe('allowed')
  })

  it('does not take a provider model name starting with @ for an integration', async () => {
    expect(await check({ integrations: ['primary'] }, undefined, '@cf/meta/llama-3', { 'x-portkey-provider': 'openai', authorization: 'Bearer sk-own' })).toBe('allowed')
  })

  it('requires a saved config from a key limited to configs', async () => {
    expect(await check({ configs: ['chat'] }, { virtual_key: 'primary' })).toBe("This key may only use the saved configs 'chat': name one in x-portkey-config.")
  })
})
