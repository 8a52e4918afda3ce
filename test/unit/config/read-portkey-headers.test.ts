import { createHeaders } from 'portkey-ai'
import { describe, expect, it } from 'vitest'
import { readPortkeyHeaders } from '../../../worker/config/read-portkey-headers'
import { GatewayError } from '../../../worker/http/errors'

function read(init: Record<string, string>) {
  return readPortkeyHeaders(new Headers(init))
}

function failure(init: Record<string, string>): GatewayError {
  try {
    read(init)
  } catch (error) {
    if (error instanceof GatewayError) return error
    throw error
  }
  throw new Error('accepted')
}

describe('readPortkeyHeaders', () => {
  it('reads the routing headers', () => {
    const headers = read({
      'x-portkey-provider': 'openai',
      'x-portkey-config': '{"retry":{"attempts":2}}',
      'x-portkey-virtual-key': 'openai-prod',
      'x-portkey-custom-host': 'https://proxy.example.com/v1',
      'x-portkey-trace-id': 'trace-1',
      'x-portkey-api-key': 'pk-gateway',
      authorization: 'Bearer sk-provider',
    })
    expect(headers).toMatchObject({
      provider: 'openai',
      config: '{"retry":{"attempts":2}}',
      virtualKey: 'openai-prod',
      customHost: 'https://proxy.example.com/v1',
      traceId: 'trace-1',
      apiKey: 'pk-gateway',
      callerKey: 'sk-provider',
      options: {},
    })
  })

  it('accepts underscores after x-portkey- as written by portkey-ai createHeaders', () => {
    const sent = createHeaders({ api_key: 'pk-1', provider: 'stabilityai', virtual_key: 'vk', trace_id: 't', azure_resource_name: 'res' })
    expect(Object.keys(sent)).toContain('x-portkey-api_key')
    const headers = readPortkeyHeaders(new Headers(sent))
    expect(headers).toMatchObject({ apiKey: 'pk-1', provider: 'stabilityai', virtualKey: 'vk', traceId: 't', options: { azureResourceName: 'res' } })
  })

  it('reads camelCase createHeaders output (x-portkey-forward-headers, x-portkey-custom-host)', () => {
    const sent = createHeaders({ customHost: 'https://h.example.com', forwardHeaders: ['X-Team', 'x-user'], requestTimeout: 5000 })
    const headers = readPortkeyHeaders(new Headers(sent))
    expect(headers.customHost).toBe('https://h.example.com')
    expect(headers.forwardHeaders).toEqual(['x-team', 'x-user'])
    expect(headers.requestTimeout).toBe(5000)
  })

  it('maps provider option headers onto ProviderOptions names', () => {
    const headers = read({
      'x-portkey-azure-resource-name': 'my-res',
      'x-portkey-azure-deployment-id': 'gpt4o',
      'x-portkey-azure-api-version': '2024-10-21',
      'x-portkey-azure-auth-mode': 'entra',
      'x-portkey-aws-access-key-id': 'AKIA',
      'x-portkey-aws-secret-access-key': 'secret',
      'x-portkey-aws-session-token': 'token',
      'x-portkey-aws-region': 'us-east-1',
      'x-portkey-vertex-project-id': 'proj',
      'x-portkey-vertex-region': 'us-central1',
      'x-portkey-vertex-service-account-json': '{"type":"service_account"}',
      'x-portkey-anthropic-beta': 'prompt-caching-2024-07-31',
      'x-portkey-anthropic-version': '2023-06-01',
      'x-portkey-openai-organization': 'org-1',
      'x-portkey-openai-project': 'proj_1',
      'x-portkey-stability-client-id': 'cid',
    })
    expect(headers.options).toEqual({
      azureResourceName: 'my-res',
      azureDeploymentId: 'gpt4o',
      azureApiVersion: '2024-10-21',
      azureAuthMode: 'entra',
      awsAccessKeyId: 'AKIA',
      awsSecretAccessKey: 'secret',
      awsSessionToken: 'token',
      awsRegion: 'us-east-1',
      vertexProjectId: 'proj',
      vertexRegion: 'us-central1',
      vertexServiceAccountJson: '{"type":"service_account"}',
      anthropicBeta: 'prompt-caching-2024-07-31',
      anthropicVersion: '2023-06-01',
      openaiOrganization: 'org-1',
      openaiProject: 'proj_1',
      stabilityClientId: 'cid',
    })
  })

  it('parses x-portkey-metadata as an object of strings', () => {
    expect(read({ 'x-portkey-metadata': '{"user_plan":"paid","_user":"u1"}' }).metadata).toEqual({ user_plan: 'paid', _user: 'u1' })
  })

  it.each([['not json'], ['[1,2]'], ['"text"'], ['{"n":1}']])('refuses the metadata %s with a 400', (value) => {
    const error = failure({ 'x-portkey-metadata': value })
    expect(error.status).toBe(400)
    expect(error.param).toBe('x-portkey-metadata')
  })

  it.each([['abc'], ['0'], ['-5'], ['1.5']])('refuses the request timeout %s with a 400', (value) => {
    const error = failure({ 'x-portkey-request-timeout': value })
    expect(error.status).toBe(400)
    expect(error.param).toBe('x-portkey-request-timeout')
  })

  it('refuses forward headers that name x-portkey-forward-headers', () => {
    expect(failure({ 'x-portkey-forward-headers': 'x-a, X-Portkey-Forward-Headers' }).status).toBe(400)
  })

  it('refuses a region that could change the host name', () => {
    const error = failure({ 'x-portkey-vertex-region': 'evil.example.com/' })
    expect(error.param).toBe('x-portkey-vertex-region')
  })

  it('takes the bearer key, or a bare key, from Authorization but no other scheme', () => {
    expect(read({ authorization: 'bearer  sk-x ' }).callerKey).toBe('sk-x')
    expect(read({ authorization: 'sk-bare' }).callerKey).toBe('sk-bare')
    expect(read({ authorization: 'Basic dXNlcjpwYXNz' }).callerKey).toBeUndefined()
  })

  it('ignores other x-portkey headers and empty values', () => {
    const headers = read({ 'x-portkey-cache-force-refresh': 'true', 'x-portkey-span-id': 's', 'x-portkey-provider': '  ' })
    expect(headers).toEqual({ options: {} })
  })

  it('never puts a credential into an error message', () => {
    const error = failure({ authorization: 'Bearer sk-secret-123', 'x-portkey-aws-region': 'bad region', 'x-portkey-aws-secret-access-key': 'aws-secret' })
    expect(error.message).not.toContain('sk-secret-123')
    expect(error.message).not.toContain('aws-secret')
  })
})
