import { describe, expect, it } from 'vitest'
import { asLeaf, failure, resolve } from './resolve-helpers'

describe('resolvePlan from plain headers', () => {
  it('builds one leaf from x-portkey-provider and the bearer key (seed 001 curl)', async () => {
    const plan = await resolve({ 'x-portkey-provider': 'google', authorization: 'Bearer g-key' })
    expect(plan.root).toEqual({
      kind: 'target',
      path: 'config',
      provider: 'google',
      apiKey: 'g-key',
      keySource: 'caller',
      options: {},
      weight: 1,
      overrideParams: {},
      retry: { attempts: 0, onStatusCodes: [429, 500, 502, 503, 504], useRetryAfterHeader: true },
      forwardHeaders: [],
      // A lone target: the non-streaming clocks, no breaker and no recovery (nothing to skip or continue to).
      clocks: { headersMs: 300_000, firstTokenMs: 300_000, idleMs: 60_000 },
      midStreamRecovery: false,
      breaker: { enabled: false, failureThreshold: 5, cooldownMs: 30_000 },
      onContentPolicy: 'return',
    })
    expect(plan.configId).toBeUndefined()
  })

  it('accepts provider aliases (seed 000 sends provider="stabilityai")', async () => {
    const plan = await resolve({ 'x-portkey-provider': 'stabilityai', authorization: 'Bearer X' })
    expect(asLeaf(plan.root).provider).toBe('stability-ai')
  })

  it('refuses an unknown provider with a did-you-mean', async () => {
    const error = await failure({ 'x-portkey-provider': 'antropic' })
    expect(error.status).toBe(400)
    expect(error.param).toBe('x-portkey-provider')
    expect(error.message).toContain("did you mean 'anthropic'?")
  })

  it('answers 400 naming x-portkey-provider and x-portkey-config when nothing says where to go', async () => {
    const error = await failure({ authorization: 'Bearer sk' }, {}, { bodyModel: 'gpt-4o' })
    expect(error.status).toBe(400)
    expect(error.code).toBe('missing_config')
    expect(error.message).toContain('x-portkey-provider')
    expect(error.message).toContain('x-portkey-config')
  })

  it('leaves out the key when there is none (ollama)', async () => {
    const leaf = asLeaf((await resolve({ 'x-portkey-provider': 'ollama' })).root)
    expect(leaf.keySource).toBe('none')
    expect(leaf).not.toHaveProperty('apiKey')
  })

  it('passes provider option headers to the leaf', async () => {
    const plan = await resolve({
      'x-portkey-provider': 'azure-openai',
      authorization: 'Bearer az',
      'x-portkey-azure-resource-name': 'res',
      'x-portkey-azure-deployment-id': 'dep',
      'x-portkey-azure-api-version': '2024-10-21',
    })
    expect(asLeaf(plan.root).options).toEqual({ azureResourceName: 'res', azureDeploymentId: 'dep', azureApiVersion: '2024-10-21' })
  })

  it('carries the service account of a Vertex caller as the key', async () => {
    const json = '{"type":"service_account","project_id":"p"}'
    const leaf = asLeaf((await resolve({ 'x-portkey-provider': 'vertex-ai', 'x-portkey-vertex-service-account-json': json, 'x-portkey-vertex-region': 'us-central1' })).root)
    expect(leaf).toMatchObject({ apiKey: json, keySource: 'caller', options: { vertexRegion: 'us-central1' } })
    expect(leaf.options).not.toHaveProperty('vertexServiceAccountJson')
  })

  it('prefers the Vertex service account to the Authorization key the OpenAI SDK always sends', async () => {
    const json = '{"type":"service_account","project_id":"p"}'
    const leaf = asLeaf((await resolve({ 'x-portkey-provider': 'vertex-ai', 'x-portkey-vertex-service-account-json': json, authorization: 'Bearer X' })).root)
    expect(leaf.apiKey).toBe(json)
  })

  it('applies x-portkey-request-timeout and x-portkey-forward-headers', async () => {
    const leaf = asLeaf((await resolve({ 'x-portkey-provider': 'openai', 'x-portkey-request-timeout': '2500', 'x-portkey-forward-headers': 'X-Team,x-user' })).root)
    expect(leaf.requestTimeout).toBe(2500)
    expect(leaf.forwardHeaders).toEqual(['x-team', 'x-user'])
  })

  it('uses a public custom host as the base URL, without a trailing slash', async () => {
    const leaf = asLeaf((await resolve({ 'x-portkey-provider': 'openai', 'x-portkey-custom-host': 'https://proxy.example.com/v1/' })).root)
    expect(leaf.baseUrl).toBe('https://proxy.example.com/v1')
  })

  it('refuses a private custom host from a header unless it is allowed', async () => {
    const error = await failure({ 'x-portkey-provider': 'ollama', 'x-portkey-custom-host': 'http://0x7f000001:11434' })
    expect(error.code).toBe('host_not_allowed')
    expect(error.param).toBe('x-portkey-custom-host')
    const allowed = await resolve({ 'x-portkey-provider': 'ollama', 'x-portkey-custom-host': 'http://0x7f000001:11434' }, { ALLOWED_PRIVATE_HOSTS: '127.0.0.1,localhost' })
    expect(asLeaf(allowed.root).baseUrl).toBe('http://127.0.0.1:11434')
  })
})
