import { describe, expect, it } from 'vitest'
import type { Env } from '../../../worker/platform/env'
import { fakeKv } from './fake-kv'
import { asLeaf, failure, leaves, resolve } from './resolve-helpers'

const SEED_000_CONFIG = {
  strategy: { mode: 'fallback' },
  targets: [{ override_params: { model: '@stability-prod/stable-diffusion-v1-6' } }, { override_params: { model: '@openai-prod/dall-e-3' } }],
}

function environment(extra: Env = {}): Env {
  return {
    CONFIGS: fakeKv({
      'config:pc-seed-000': SEED_000_CONFIG,
      'integration:stability-prod': { provider: 'stabilityai', secret: 'STABILITY_PROD_KEY' },
      'integration:openai-prod': { provider: 'openai', secret: 'OPENAI_PROD_KEY', options: { openai_organization: 'org-1' } },
      'integration:bedrock-prod': {
        provider: 'aws-bedrock',
        options: { aws_region: 'us-east-1', aws_access_key_id: 'AKIA1' },
        secrets: { aws_secret_access_key: 'BEDROCK_SECRET', awsSessionToken: 'BEDROCK_TOKEN' },
      },
      'integration:ollama-lan': { provider: 'ollama', customHost: 'http://10.0.0.7:11434/v1' },
      'integration:azure-own': { provider: 'azure', secret: 'AZURE_KEY', custom_host: 'https://azure-proxy.example.com' },
      'integration:broken': { provider: 'openai', secret: 'lowercase' },
    }),
    INTEGRATIONS: JSON.stringify({ 'anthropic-env': { provider: 'anthropic', secret: 'ANTHROPIC_KEY', options: { anthropic_version: '2023-06-01' } } }),
    STABILITY_PROD_KEY: 'sk-stability-secret',
    OPENAI_PROD_KEY: 'sk-openai-secret',
    BEDROCK_SECRET: 'aws-secret-value',
    BEDROCK_TOKEN: 'aws-token-value',
    ANTHROPIC_KEY: 'sk-ant-secret',
    AZURE_KEY: 'az-secret',
    ...extra,
  }
}

describe('resolvePlan with integrations', () => {
  it('resolves the saved config of seed 000: @slug/model names the integration and the model', async () => {
    const plan = await resolve({ 'x-portkey-config': 'pc-seed-000', authorization: 'Bearer X' }, environment())
    expect(plan.configId).toBe('pc-seed-000')
    expect(leaves(plan.root).map((leaf) => [leaf.path, leaf.provider, leaf.apiKey, leaf.keySource, leaf.overrideParams.model])).toEqual([
      ['config.targets[0]', 'stability-ai', 'sk-stability-secret', 'secret', 'stable-diffusion-v1-6'],
      ['config.targets[1]', 'openai', 'sk-openai-secret', 'secret', 'dall-e-3'],
    ])
    expect(leaves(plan.root)[1].options).toEqual({ openaiOrganization: 'org-1' })
  })

  it('resolves virtual_key, provider "@slug" and the x-portkey-virtual-key header alike', async () => {
    const env = environment()
    const fromVirtualKey = asLeaf((await resolve({ 'x-portkey-config': '{"virtual_key":"openai-prod"}' }, env)).root)
    const fromProvider = asLeaf((await resolve({ 'x-portkey-config': '{"provider":"@openai-prod"}' }, env)).root)
    const fromHeader = asLeaf((await resolve({ 'x-portkey-virtual-key': 'openai-prod' }, env)).root)
    const fromProviderHeader = asLeaf((await resolve({ 'x-portkey-provider': '@openai-prod' }, env)).root)
    for (const leaf of [fromVirtualKey, fromProvider, fromHeader, fromProviderHeader]) {
      expect(leaf).toMatchObject({ provider: 'openai', apiKey: 'sk-openai-secret', keySource: 'secret' })
    }
  })

  it('routes a body model written @slug/model through the integration (no other header needed)', async () => {
    const leaf = asLeaf((await resolve({}, environment(), { bodyModel: '@anthropic-env/claude-sonnet-4' })).root)
    expect(leaf).toMatchObject({ provider: 'anthropic', apiKey: 'sk-ant-secret', keySource: 'secret', overrideParams: { model: 'claude-sonnet-4' }, options: { anthropicVersion: '2023-06-01' } })
  })

  it('reads integrations from the INTEGRATIONS variable when KV has none', async () => {
    const leaf = asLeaf((await resolve({ 'x-portkey-virtual-key': 'anthropic-env' }, { ...environment(), CONFIGS: undefined })).root)
    expect(leaf.provider).toBe('anthropic')
  })

  it('fills options from integration secrets and marks the key source secret', async () => {
    const leaf = asLeaf((await resolve({ 'x-portkey-virtual-key': 'bedrock-prod' }, environment())).root)
    expect(leaf).toMatchObject({
      provider: 'bedrock',
      keySource: 'secret',
      options: { awsRegion: 'us-east-1', awsAccessKeyId: 'AKIA1', awsSecretAccessKey: 'aws-secret-value', awsSessionToken: 'aws-token-value' },
    })
    expect(leaf).not.toHaveProperty('apiKey')
  })

  it("lets the integration's options win over the caller's", async () => {
    const leaf = asLeaf((await resolve({ 'x-portkey-config': '{"virtual_key":"bedrock-prod","aws_region":"eu-west-1","aws_role_arn":"arn:x"}' }, environment())).root)
    expect(leaf.options).toMatchObject({ awsRegion: 'us-east-1', awsRoleArn: 'arn:x' })
  })

  it("prefers the target's own api_key over the integration secret", async () => {
    const leaf = asLeaf((await resolve({ 'x-portkey-config': '{"virtual_key":"openai-prod","api_key":"sk-mine"}' }, environment())).root)
    expect(leaf).toMatchObject({ provider: 'openai', apiKey: 'sk-mine', keySource: 'caller' })
  })

  it('never gives the bearer key to an integration that has its own secret', async () => {
    const leaf = asLeaf((await resolve({ 'x-portkey-virtual-key': 'openai-prod', authorization: 'Bearer sk-caller' }, environment())).root)
    expect(leaf.apiKey).toBe('sk-openai-secret')
  })

  it("sends the integration's own custom_host, unchecked, with its secret", async () => {
    const ollama = asLeaf((await resolve({ 'x-portkey-virtual-key': 'ollama-lan' }, environment())).root)
    expect(ollama.baseUrl).toBe('http://10.0.0.7:11434/v1')
    const azure = asLeaf((await resolve({ 'x-portkey-virtual-key': 'azure-own' }, environment())).root)
    expect(azure).toMatchObject({ provider: 'azure-openai', keySource: 'secret', baseUrl: 'https://azure-proxy.example.com' })
  })

  it('answers 400 integration_not_found for an unknown slug, with a did-you-mean from INTEGRATIONS', async () => {
    const error = await failure({ 'x-portkey-virtual-key': 'anthropic-evn' }, environment())
    expect(error).toMatchObject({ status: 400, code: 'integration_not_found', param: 'x-portkey-virtual-key' })
    expect(error.message).toContain("did you mean 'anthropic-env'?")
    const fromModel = await failure({ 'x-portkey-config': '{"override_params":{"model":"@nope/gpt-4o"}}' }, environment())
    expect(fromModel).toMatchObject({ code: 'integration_not_found', param: 'config.override_params.model' })
    const fromTarget = await failure({ 'x-portkey-config': '{"targets":[{"virtual_key":"nope"}]}' }, environment())
    expect(fromTarget.param).toBe('config.targets[0].virtual_key')
  })

  it('answers 400 integration_invalid for a stored integration that fails validation', async () => {
    const error = await failure({ 'x-portkey-virtual-key': 'broken' }, environment())
    expect(error).toMatchObject({ status: 400, code: 'integration_invalid' })
    expect(error.message).toContain("Integration 'broken' is invalid: integration.secret:")
  })

  it('answers 500 integration_secret_missing naming the secret, never a value', async () => {
    const error = await failure({ 'x-portkey-virtual-key': 'bedrock-prod' }, environment({ BEDROCK_TOKEN: '' }))
    expect(error).toMatchObject({ status: 500, code: 'integration_secret_missing' })
    expect(error.message).toContain('BEDROCK_TOKEN')
    expect(error.message).not.toContain('aws-secret-value')
  })

  it('keeps a model like @cf/... as it is for a target with an explicit provider', async () => {
    const leaf = asLeaf((await resolve({ 'x-portkey-provider': 'openrouter' }, environment(), { bodyModel: '@cf/meta/llama-3' })).root)
    expect(leaf).toMatchObject({ provider: 'openrouter', overrideParams: {} })
  })

  it('reads @<provider id>/model as that provider with the caller key when no integration has that name', async () => {
    const leaf = asLeaf((await resolve({ authorization: 'Bearer sk' }, environment(), { bodyModel: '@openai/gpt-4o' })).root)
    expect(leaf).toMatchObject({ provider: 'openai', apiKey: 'sk', keySource: 'caller', overrideParams: { model: 'gpt-4o' } })
  })

  it('lets a deeper @slug model replace an identity inherited from above', async () => {
    const config = { provider: 'groq', api_key: 'gsk', targets: [{}, { override_params: { model: '@openai-prod/gpt-4o' } }] }
    const [first, second] = leaves((await resolve({ 'x-portkey-config': JSON.stringify(config) }, environment())).root)
    expect(first).toMatchObject({ provider: 'groq', apiKey: 'gsk' })
    expect(second).toMatchObject({ provider: 'openai', apiKey: 'sk-openai-secret', overrideParams: { model: 'gpt-4o' } })
  })

  it('answers 400 conflicting_provider when a target and its model name different providers', async () => {
    const own = await failure({ 'x-portkey-config': '{"provider":"anthropic","override_params":{"model":"@openai-prod/gpt-4o"}}' }, environment())
    expect(own).toMatchObject({ status: 400, code: 'conflicting_provider', param: 'config' })
    const pair = await failure({ 'x-portkey-config': '{"provider":"anthropic","virtual_key":"openai-prod"}' }, environment())
    expect(pair.code).toBe('conflicting_provider')
    const body = await failure({ 'x-portkey-provider': 'anthropic' }, environment(), { bodyModel: '@openai-prod/gpt-4o' })
    expect(body.code).toBe('conflicting_provider')
  })

  it('accepts a target and a model that name the same provider', async () => {
    const leaf = asLeaf((await resolve({ 'x-portkey-config': '{"provider":"openai","override_params":{"model":"@openai-prod/gpt-4o"}}' }, environment())).root)
    expect(leaf).toMatchObject({ provider: 'openai', apiKey: 'sk-openai-secret', overrideParams: { model: 'gpt-4o' } })
  })
})

describe('resolvePlan keeps stored keys on their own hosts', () => {
  it('refuses a custom-host header with a stored key', async () => {
    const error = await failure({ 'x-portkey-virtual-key': 'openai-prod', 'x-portkey-custom-host': 'https://attacker.example.com' }, environment())
    expect(error).toMatchObject({ status: 400, code: 'custom_host_with_stored_key', param: 'x-portkey-custom-host' })
    expect(error.message).not.toContain('sk-openai-secret')
  })

  it('refuses a caller config custom_host with a stored key, inherited or not', async () => {
    const config = { custom_host: 'https://attacker.example.com', targets: [{ provider: 'openai', api_key: 'sk' }, { virtual_key: 'openai-prod' }] }
    const error = await failure({ 'x-portkey-config': JSON.stringify(config) }, environment())
    expect(error).toMatchObject({ code: 'custom_host_with_stored_key', param: 'config.targets[1].custom_host' })
  })

  it('refuses a saved config custom_host with a stored key too', async () => {
    const env = environment()
    ;(env.CONFIGS as ReturnType<typeof fakeKv>).entries['config:pc-host'] = { virtual_key: 'openai-prod', custom_host: 'https://elsewhere.example.com' }
    expect((await failure({ 'x-portkey-config': 'pc-host' }, env)).code).toBe('custom_host_with_stored_key')
  })

  it("accepts a custom_host equal to the integration's own", async () => {
    const leaf = asLeaf((await resolve({ 'x-portkey-config': '{"virtual_key":"azure-own","custom_host":"https://azure-proxy.example.com/"}' }, environment())).root)
    expect(leaf.baseUrl).toBe('https://azure-proxy.example.com')
  })

  it('trusts hosts in saved configs for caller keys (not checked against private ranges)', async () => {
    const env = environment()
    ;(env.CONFIGS as ReturnType<typeof fakeKv>).entries['config:pc-local'] = { provider: 'ollama', custom_host: 'http://10.0.0.9:11434' }
    const leaf = asLeaf((await resolve({ 'x-portkey-config': 'pc-local' }, env)).root)
    expect(leaf.baseUrl).toBe('http://10.0.0.9:11434')
  })
})
