import { describe, expect, it } from 'vitest'
import { asLeaf, asStrategy, failure, leaves, resolve } from './resolve-helpers'

const header = (config: unknown) => ({ 'x-portkey-config': JSON.stringify(config) })

describe('resolvePlan from a config', () => {
  it('resolves the fallback config of seed 001 with the keys it carries', async () => {
    const plan = await resolve({
      'x-portkey-provider': 'google',
      authorization: 'Bearer g-key',
      'x-portkey-config': '{"strategy":{"mode":"fallback"},"targets":[{"provider":"google","api_key":"g-cfg"},{"provider":"openai","api_key":"sk-cfg"}]}',
    })
    const root = asStrategy(plan.root)
    expect(root).toMatchObject({ kind: 'strategy', path: 'config', mode: 'fallback', weight: 1 })
    expect(root).not.toHaveProperty('onStatusCodes')
    expect(leaves(root).map((leaf) => [leaf.path, leaf.provider, leaf.apiKey, leaf.keySource])).toEqual([
      ['config.targets[0]', 'google', 'g-cfg', 'caller'],
      ['config.targets[1]', 'openai', 'sk-cfg', 'caller'],
    ])
  })

  it('treats targets without a strategy as a fallback, and keeps strategy settings', async () => {
    const plain = asStrategy((await resolve(header({ targets: [{ provider: 'openai' }] }))).root)
    expect(plain.mode).toBe('fallback')
    const withCodes = asStrategy((await resolve(header({ strategy: { mode: 'loadbalance', on_status_codes: [429] }, targets: [{ provider: 'openai', weight: 0.7 }, { provider: 'groq', weight: 0.3, name: 'g' }] }))).root)
    expect(withCodes).toMatchObject({ mode: 'loadbalance', onStatusCodes: [429] })
    expect(withCodes.children.map((child) => [child.weight, child.name])).toEqual([[0.7, undefined], [0.3, 'g']])
  })

  it('fills a config without provider from x-portkey-provider and Authorization (Portkey behaviour)', async () => {
    const leaf = asLeaf((await resolve({ 'x-portkey-provider': 'openai', authorization: 'Bearer sk', ...header({ retry: { attempts: 3, on_status_codes: [429] } }) })).root)
    expect(leaf).toMatchObject({ provider: 'openai', apiKey: 'sk', keySource: 'caller', retry: { attempts: 3, onStatusCodes: [429], useRetryAfterHeader: true } })
  })

  it('takes a target provider from x-portkey-provider when the target only sets api_key', async () => {
    const leaf = asLeaf((await resolve({ 'x-portkey-provider': 'openai', ...header({ api_key: 'sk-target' }) })).root)
    expect(leaf).toMatchObject({ provider: 'openai', apiKey: 'sk-target' })
  })

  it('sends the bearer key only to the x-portkey-provider provider', async () => {
    const config = header({ targets: [{ provider: 'openai' }, { provider: 'anthropic' }] })
    const withHeader = leaves((await resolve({ 'x-portkey-provider': 'openai', authorization: 'Bearer sk', ...config })).root)
    expect(withHeader.map((leaf) => [leaf.apiKey, leaf.keySource])).toEqual([['sk', 'caller'], [undefined, 'none']])
    const withoutHeader = leaves((await resolve({ authorization: 'Bearer sk', ...config })).root)
    expect(withoutHeader.map((leaf) => leaf.apiKey)).toEqual(['sk', 'sk'])
  })

  it('applies provider option headers only to the x-portkey-provider provider', async () => {
    const config = header({ targets: [{ provider: 'azure-openai' }, { provider: 'openai' }] })
    const [azure, openai] = leaves((await resolve({ 'x-portkey-provider': 'azure-openai', 'x-portkey-azure-resource-name': 'res', ...config })).root)
    expect(azure.options).toEqual({ azureResourceName: 'res' })
    expect(openai.options).toEqual({})
  })

  it('answers 400 for a config header that is not JSON', async () => {
    const error = await failure({ 'x-portkey-config': '{"strategy":' })
    expect(error).toMatchObject({ status: 400, code: 'invalid_config', param: 'x-portkey-config' })
  })

  it('answers one 400 listing every issue, with the first path as param', async () => {
    const error = await failure(header({ strategy: { mode: 'fallback' }, targets: [{ provider: 'openai', retry: { attempts: 7 } }, { provider: 'opnai' }] }))
    expect(error).toMatchObject({ status: 400, code: 'invalid_config', param: 'config.targets[0].retry.attempts' })
    expect(error.message).toContain('config.targets[0].retry.attempts: must be at most 5; config.targets[1].provider: unknown provider')
  })

  it('answers 400 missing_provider for a target nothing names a provider for', async () => {
    const error = await failure(header({ targets: [{ provider: 'openai' }, { override_params: { model: 'gpt-4o' } }] }))
    expect(error).toMatchObject({ status: 400, code: 'missing_provider', param: 'config.targets[1]' })
  })

  it('prefers the legacy body config over the header config', async () => {
    const plan = await resolve(header({ provider: 'groq' }), {}, { bodyConfig: { provider: 'openai', api_key: 'sk' } })
    expect(asLeaf(plan.root).provider).toBe('openai')
  })

  it('resolves the legacy { mode, options } form from the body (seed 002) and from the header', async () => {
    const legacy = {
      mode: 'fallback',
      options: [
        { provider: 'openai', apiKey: 'sk-1', override_params: { model: 'gpt-3.5-turbo' } },
        { provider: 'anthropic', apiKey: 'sk-2', override_params: { model: 'claude-v1' } },
      ],
    }
    for (const plan of [await resolve({}, {}, { bodyConfig: legacy }), await resolve(header(legacy))]) {
      expect(asStrategy(plan.root).mode).toBe('fallback')
      expect(leaves(plan.root).map((leaf) => [leaf.path, leaf.provider, leaf.apiKey, leaf.overrideParams.model])).toEqual([
        ['config.targets[0]', 'openai', 'sk-1', 'gpt-3.5-turbo'],
        ['config.targets[1]', 'anthropic', 'sk-2', 'claude-v1'],
      ])
    }
  })

  it('reports legacy issues in legacy terms', async () => {
    const error = await failure({}, {}, { bodyConfig: { mode: 'fallback', options: [{ provider: 'openai', apiKey: 'k', retry: { attempts: 9 } }] } })
    expect(error.param).toBe('config.options[0].retry.attempts')
  })
})

describe('resolvePlan inheritance', () => {
  const tree = {
    override_params: { model: 'root-model', temperature: 0 },
    retry: { attempts: 2 },
    request_timeout: 1000,
    forward_headers: ['x-a'],
    provider: 'azure-openai',
    api_key: 'root-key',
    resource_name: 'root-res',
    api_version: 'v1',
    targets: [
      { override_params: { model: 'child-model' }, deployment_id: 'dep', resource_name: 'child-res' },
      {
        strategy: { mode: 'loadbalance' },
        retry: { attempts: 1, on_status_codes: [503] },
        targets: [{ provider: 'openai', request_timeout: 50, forward_headers: ['X-B'] }, { name: 'n', weight: 3 }],
      },
    ],
  }

  it('merges override_params (child keys win) and inherits retry, timeout, headers and options', async () => {
    const [first, nestedFirst, nestedSecond] = leaves((await resolve(header(tree))).root)
    expect(first).toMatchObject({
      path: 'config.targets[0]',
      provider: 'azure-openai',
      apiKey: 'root-key',
      overrideParams: { model: 'child-model', temperature: 0 },
      retry: { attempts: 2, onStatusCodes: [429, 500, 502, 503, 504], useRetryAfterHeader: true },
      requestTimeout: 1000,
      forwardHeaders: ['x-a'],
      options: { azureResourceName: 'child-res', azureApiVersion: 'v1', azureDeploymentId: 'dep' },
    })
    expect(nestedFirst).toMatchObject({ path: 'config.targets[1].targets[0]', requestTimeout: 50, forwardHeaders: ['x-b'], retry: { attempts: 1, onStatusCodes: [503] } })
    expect(nestedSecond).toMatchObject({ path: 'config.targets[1].targets[1]', name: 'n', weight: 3, requestTimeout: 1000, overrideParams: { model: 'root-model', temperature: 0 } })
  })

  it('inherits the identity as a group only when a target sets none of it', async () => {
    const [, nestedFirst, nestedSecond] = leaves((await resolve(header(tree))).root)
    expect(nestedFirst).toMatchObject({ provider: 'openai', keySource: 'none' })
    expect(nestedFirst).not.toHaveProperty('apiKey')
    expect(nestedSecond).toMatchObject({ provider: 'azure-openai', apiKey: 'root-key' })
  })

  it('lets the request-timeout, forward-headers and custom-host headers win over the config', async () => {
    const [first] = leaves((await resolve({ ...header(tree), 'x-portkey-request-timeout': '7', 'x-portkey-forward-headers': 'x-h' })).root)
    expect(first).toMatchObject({ requestTimeout: 7, forwardHeaders: ['x-h'] })
  })

  it('inherits custom_host and checks it as a caller-supplied host', async () => {
    const config = { custom_host: 'http://localhost:11434/v1', targets: [{ provider: 'ollama' }] }
    const error = await failure(header(config))
    expect(error).toMatchObject({ code: 'host_not_allowed', param: 'config.targets[0].custom_host' })
    const [leaf] = leaves((await resolve(header(config), { ALLOWED_PRIVATE_HOSTS: '127.0.0.1,localhost' })).root)
    expect(leaf.baseUrl).toBe('http://localhost:11434/v1')
  })
})
