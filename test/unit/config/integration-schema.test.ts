import { describe, expect, it } from 'vitest'
import { secretNameProblem, validateIntegration } from '../../../worker/config/integration-schema'

describe('validateIntegration', () => {
  it('accepts snake_case and camelCase and maps options to ProviderOptions names', () => {
    const snake = validateIntegration('az', {
      provider: 'azure',
      secret: 'AZURE_PROD_KEY',
      custom_host: 'https://az.example.com',
      options: { azure_resource_name: 'res', azure_deployment_id: 'dep', azure_api_version: '2024-10-21' },
    })
    const camel = validateIntegration('az', {
      provider: 'azure-openai',
      secret: 'AZURE_PROD_KEY',
      customHost: 'https://az.example.com',
      options: { azureResourceName: 'res', azureDeploymentId: 'dep', azureApiVersion: '2024-10-21' },
    })
    const expected = {
      ok: true,
      integration: {
        slug: 'az',
        provider: 'azure-openai',
        secret: 'AZURE_PROD_KEY',
        customHost: 'https://az.example.com',
        options: { azureResourceName: 'res', azureDeploymentId: 'dep', azureApiVersion: '2024-10-21' },
        secrets: {},
      },
    }
    expect(snake).toEqual(expected)
    expect(camel).toEqual(expected)
  })

  it('maps secrets to the options they fill', () => {
    const result = validateIntegration('b', { provider: 'bedrock', secrets: { aws_secret_access_key: 'AWS_SECRET', aws_session_token: 'AWS_TOKEN' } })
    expect(result).toMatchObject({ ok: true, integration: { secrets: { awsSecretAccessKey: 'AWS_SECRET', awsSessionToken: 'AWS_TOKEN' } } })
  })

  it('refuses a credential written in plain options', () => {
    const result = validateIntegration('b', { provider: 'bedrock', options: { aws_secret_access_key: 'plain' } })
    expect(result).toEqual({ ok: false, issues: [{ path: 'integration.options.aws_secret_access_key', message: 'is a credential: name its Worker Secret under secrets instead' }] })
  })

  it('names unknown keys, options and providers with a did-you-mean', () => {
    const result = validateIntegration('x', { provider: 'opnai', secrt: 'A', options: { aws_regoin: 'us-east-1' } })
    expect(result.ok).toBe(false)
    const messages = (result as { issues: Array<{ path: string; message: string }> }).issues
    expect(messages).toEqual(expect.arrayContaining([
      { path: 'integration.provider', message: expect.stringContaining("did you mean 'openai'?") },
      { path: 'integration.secrt', message: "unknown key 'secrt' (did you mean 'secret'?)" },
    ]))
    const options = validateIntegration('x', { provider: 'bedrock', options: { aws_regoin: 'us-east-1' } })
    expect(options).toEqual({ ok: false, issues: [{ path: 'integration.options.aws_regoin', message: "unknown provider option 'aws_regoin' (did you mean 'aws_region'?)" }] })
  })
})

describe('secretNameProblem', () => {
  it.each(['OPENAI_PROD_KEY', 'K', 'A1_B2'])('accepts %s', (name) => {
    expect(secretNameProblem(name)).toBeUndefined()
  })

  it.each(['openai_key', '1KEY', 'KEY-1', '', 'CONFIGS', 'ALLOWED_PRIVATE_HOSTS', 'INTEGRATIONS', 'MAX_BODY_BYTES', 'ADMIN_TOKEN', 'RATE_KV', 'STATE_DO'])('refuses %s', (name) => {
    expect(secretNameProblem(name)).toBeDefined()
  })
})
