import { describe, expect, it } from 'vitest'
import { validateConfig } from '../../../worker/config/validate-config'

function issuesOf(json: unknown) {
  const result = validateConfig(json)
  if (result.ok) throw new Error('expected issues')
  return result.issues
}

function configOf(json: unknown) {
  const result = validateConfig(json)
  if (!result.ok) throw new Error(JSON.stringify(result.issues))
  return result.config
}

describe('validateConfig', () => {
  it('accepts the fallback config of seed 000 (override_params with @slug models)', () => {
    const config = configOf({
      strategy: { mode: 'fallback' },
      targets: [{ override_params: { model: '@stability-prod/stable-diffusion-v1-6' } }, { override_params: { model: '@openai-prod/dall-e-3' } }],
    })
    expect(config.strategy).toEqual({ mode: 'fallback' })
    expect(config.targets?.[1].overrideParams).toEqual({ model: '@openai-prod/dall-e-3' })
  })

  it('reports every issue with its path', () => {
    const issues = issuesOf({
      strategy: { mode: 'fallbak' },
      targets: [{ provider: 'openai', retry: { attempts: 9 } }, { provider: 'anthropic', weight: -1, request_timeout: 'soon' }],
    })
    const paths = issues.map((issue) => issue.path)
    expect(paths).toContain('config.strategy.mode')
    expect(paths).toContain('config.targets[0].retry.attempts')
    expect(paths).toContain('config.targets[1].weight')
    expect(paths).toContain('config.targets[1].request_timeout')
    expect(issues.find((issue) => issue.path === 'config.strategy.mode')?.message).toContain('single, fallback, loadbalance, conditional')
  })

  it('names every unknown key with a did-you-mean', () => {
    const issues = issuesOf({ stratgy: { mode: 'fallback' }, targets: [{ provider: 'openai', overide_params: {}, retries: 2, banana: 1 }] })
    expect(issues).toContainEqual({ path: 'config.stratgy', message: "unknown key 'stratgy' (did you mean 'strategy'?)" })
    expect(issues).toContainEqual({ path: 'config.targets[0].overide_params', message: "unknown key 'overide_params' (did you mean 'override_params'?)" })
    expect(issues).toContainEqual({ path: 'config.targets[0].retries', message: "unknown key 'retries' (did you mean 'retry'?)" })
    expect(issues).toContainEqual({ path: 'config.targets[0].banana', message: "unknown key 'banana'" })
  })

  it('names an unknown key inside retry and strategy', () => {
    const issues = issuesOf({ retry: { attempts: 1, on_status_code: [429] }, strategy: { mode: 'single', onStatus: [500] }, targets: [{ provider: 'openai' }] })
    expect(issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['config.retry.on_status_code', 'config.strategy.onStatus']))
    expect(issues.find((issue) => issue.path === 'config.retry.on_status_code')?.message).toContain("did you mean 'on_status_codes'?")
  })

  it('refuses an unknown provider with a did-you-mean, and canonicalises aliases', () => {
    expect(issuesOf({ provider: 'opnai' })).toEqual([{ path: 'config.provider', message: expect.stringContaining("did you mean 'openai'?") }])
    expect(configOf({ provider: 'stabilityai' }).provider).toBe('stability-ai')
    expect(configOf({ provider: '@openai-prod' }).provider).toBe('@openai-prod')
  })

  it('reads camelCase keys as their snake_case twins, but never inside override_params or a query', () => {
    const config = configOf({
      strategy: { mode: 'conditional', onStatusCodes: [429], conditions: [{ query: { 'metadata.userPlan': { $eq: 'paid' } }, then: 'a' }], default: 'a' },
      targets: [{ name: 'a', provider: 'openai', apiKey: 'sk', overrideParams: { maxTokens: 5, max_tokens: 6 }, requestTimeout: 100, forwardHeaders: ['X-A'], retry: { attempts: 1, useRetryAfterHeader: false } }],
    })
    expect(config.strategy).toEqual({ mode: 'conditional', onStatusCodes: [429], conditions: [{ query: { 'metadata.userPlan': { $eq: 'paid' } }, then: 'a' }], default: 'a' })
    expect(config.targets?.[0]).toMatchObject({ apiKey: 'sk', overrideParams: { maxTokens: 5, max_tokens: 6 }, requestTimeout: 100, forwardHeaders: ['x-a'], retry: { attempts: 1, useRetryAfterHeader: false } })
  })

  it('refuses a key written in both forms', () => {
    expect(issuesOf({ provider: 'openai', api_key: 'a', apiKey: 'b' })).toEqual([{ path: 'config.apiKey', message: "'api_key' and 'apiKey' are the same key; set it once" }])
  })

  it('collects provider options from Portkey target keys, including Azure short names', () => {
    const config = configOf({
      provider: 'azure-openai',
      resource_name: 'res',
      deployment_id: 'dep',
      api_version: '2024-10-21',
      azure_auth_mode: 'entra',
      vertex_service_account_json: { type: 'service_account' },
      awsRegion: 'eu-west-1',
    })
    expect(config.options).toEqual({
      azureResourceName: 'res',
      azureDeploymentId: 'dep',
      azureApiVersion: '2024-10-21',
      azureAuthMode: 'entra',
      vertexServiceAccountJson: '{"type":"service_account"}',
      awsRegion: 'eu-west-1',
    })
  })

  it('refuses one option set under two names', () => {
    const [issue] = issuesOf({ provider: 'azure-openai', resource_name: 'a', azure_resource_name: 'b' })
    expect(issue.message).toMatch(/'(azure_)?resource_name' and '(azure_)?resource_name' set the same option/)
    expect(['config.resource_name', 'config.azure_resource_name']).toContain(issue.path)
  })

  it('refuses option values that could change a host name', () => {
    expect(issuesOf({ provider: 'bedrock', aws_region: 'x.evil.com#' })[0].path).toBe('config.aws_region')
  })

  it('accepts Portkey keys it does not implement and lists them', () => {
    const config = configOf({
      cache: { mode: 'simple', max_age: 60 },
      before_request_hooks: [{ id: 'h' }],
      after_request_hooks: [],
      input_guardrails: ['g'],
      output_guardrails: [],
      strict_open_ai_compliance: false,
      provider: 'openai',
    })
    expect(config.ignoredKeys).toEqual(['cache', 'before_request_hooks', 'after_request_hooks', 'input_guardrails', 'output_guardrails', 'strict_open_ai_compliance'])
  })

  it('requires retry.attempts and bounds it to 0..5', () => {
    expect(issuesOf({ retry: {} })).toEqual([{ path: 'config.retry.attempts', message: 'is required' }])
    expect(issuesOf({ retry: { attempts: 6 } })[0]).toEqual({ path: 'config.retry.attempts', message: 'must be at most 5' })
    expect(issuesOf({ retry: { attempts: 1.5 } })[0].path).toBe('config.retry.attempts')
  })

  it('refuses status codes that are not HTTP statuses', () => {
    expect(issuesOf({ strategy: { mode: 'fallback', on_status_codes: [429, 42] }, targets: [{}] })[0].path).toBe('config.strategy.on_status_codes[1]')
  })

  it('refuses a custom_host that is not an http(s) URL and forward_headers naming the forward header', () => {
    const issues = issuesOf({ custom_host: 'ftp://x', forward_headers: ['x-portkey-forward-headers'] })
    expect(issues.map((issue) => issue.path)).toEqual(['config.custom_host', 'config.forward_headers'])
  })

  it('refuses a strategy without targets and an empty targets list', () => {
    expect(issuesOf({ strategy: { mode: 'fallback' } })).toEqual([{ path: 'config.strategy', message: "a strategy needs 'targets'" }])
    expect(issuesOf({ targets: [] })[0].path).toBe('config.targets')
  })

  it('checks conditional routers: conditions present, then/default name targets, operators known', () => {
    const issues = issuesOf({
      strategy: {
        mode: 'conditional',
        conditions: [
          { query: { 'metadata.plan': { $eq: 'paid' } }, then: 'fsat' },
          { query: { 'metadata.plan': { $like: 'x' }, plan: 'free', $nor: [] }, then: 'fast' },
          { query: { 'params.model': { $in: 'gpt' }, $or: [{ 'params.n': { $regex: '(' } }] }, then: 'fast' },
        ],
        default: 'slow',
      },
      targets: [{ name: 'fast', provider: 'groq' }, { name: 'cheap', provider: 'openai' }],
    })
    expect(issues).toEqual(expect.arrayContaining([
      { path: 'config.strategy.conditions[0].then', message: "no target is named 'fsat' (did you mean 'fast'?)" },
      { path: 'config.strategy.conditions[1].query.metadata.plan.$like', message: expect.stringContaining('unsupported operator') },
      { path: 'config.strategy.conditions[1].query.plan', message: "a field path starts with 'metadata.' or 'params.'" },
      { path: 'config.strategy.conditions[1].query.$nor', message: expect.stringContaining('unsupported operator') },
      { path: 'config.strategy.conditions[2].query.params.model.$in', message: 'needs an array' },
      { path: 'config.strategy.conditions[2].query.$or[0].params.n.$regex', message: 'needs a valid regular expression string' },
      { path: 'config.strategy.default', message: "no target is named 'slow'" },
    ]))
    expect(issuesOf({ strategy: { mode: 'conditional' }, targets: [{ name: 'a' }] })).toEqual([{ path: 'config.strategy.conditions', message: "mode 'conditional' needs at least one condition" }])
  })

  it('refuses two sibling targets with one name, and a loadbalance whose weights are all 0', () => {
    const issues = issuesOf({ strategy: { mode: 'loadbalance' }, targets: [{ name: 'a', weight: 0 }, { name: 'a', weight: 0 }] })
    expect(issues.map((issue) => issue.path)).toEqual(['config.targets[1].name', 'config.targets'])
  })

  it('limits nesting to 10 levels and the tree to 100 targets', () => {
    let deep: Record<string, unknown> = { provider: 'openai' }
    for (let level = 0; level < 11; level++) deep = { targets: [deep] }
    expect(issuesOf(deep)[0].message).toContain('more than 10 levels')
    let nine: Record<string, unknown> = { provider: 'openai' }
    for (let level = 0; level < 10; level++) nine = { targets: [nine] }
    expect(validateConfig(nine).ok).toBe(true)
    const wide = { targets: Array.from({ length: 101 }, () => ({ provider: 'openai' })) }
    expect(issuesOf(wide)).toEqual([{ path: 'config', message: 'has 101 targets; at most 100 are allowed' }])
  })

  it('refuses what is not an object', () => {
    expect(issuesOf([])).toEqual([{ path: 'config', message: 'expected a JSON object' }])
    expect(issuesOf('x')).toEqual([{ path: 'config', message: 'expected a JSON object' }])
    expect(issuesOf({ targets: ['openai'] })[0]).toEqual({ path: 'config.targets[0]', message: 'expected an object, received "openai"' })
  })
})

describe('validateConfig with the legacy { mode, options } form', () => {
  it('turns mode and options into strategy and targets, apiKey into api_key', () => {
    const config = configOf({
      mode: 'fallback',
      options: [
        { provider: 'openai', apiKey: 'sk-1', override_params: { model: 'gpt-3.5-turbo' } },
        { provider: 'anthropic', api_key: 'sk-2', virtual_key: 'anthropic-prod', weight: 2, retry: { attempts: 2 } },
      ],
    })
    expect(config.strategy).toEqual({ mode: 'fallback' })
    expect(config.targets?.map((target) => [target.provider, target.apiKey])).toEqual([['openai', 'sk-1'], ['anthropic', 'sk-2']])
    expect(config.targets?.[1]).toMatchObject({ virtualKey: 'anthropic-prod', weight: 2, retry: { attempts: 2 } })
  })

  it('writes issue paths in legacy terms', () => {
    const issues = issuesOf({ mode: 'fallbak', options: [{ provider: 'openai', apiKey: 'k', retry: { attempts: 8 } }] })
    expect(issues.map((issue) => issue.path)).toEqual(['config.mode', 'config.options[0].retry.attempts'])
  })

  it('refuses mixing the legacy and current forms', () => {
    expect(issuesOf({ mode: 'fallback', options: [], strategy: { mode: 'fallback' } })[0].path).toBe('config.mode')
    expect(issuesOf({ mode: 'single' })[0]).toEqual({ path: 'config.options', message: "the legacy form { mode, options } needs 'options'" })
  })
})
