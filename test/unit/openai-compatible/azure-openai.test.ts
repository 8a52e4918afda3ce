import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AZURE_DEFAULT_API_VERSION, azureOpenAIAdapter } from '../../../providers/openai-compatible'
import type { SignableRequest, Target } from '../../../providers/types'
import { GatewayError } from '../../../worker/http/errors'
import { errorFault, startOpenAIEmulator, type OpenAIEmulator } from '../../emulators/openai'
import { TEXT_ANSWER } from '../../emulators/scenarios'
import { chunkings } from '../../helpers/rechunk'
import { contentOf, fixture, replay } from '../openai/replay'
import { emulatorTarget, runAdapter } from '../../helpers/run-adapter'

const target = (options: Target['options'] = {}, apiKey = 'azure-key'): Target => ({ path: 'config', provider: 'azure-openai', apiKey, keySource: 'caller', options: { azureResourceName: 'acme', ...options } })
const chat = azureOpenAIAdapter.endpoints.chat!

describe('azure-openai request mapping', () => {
  it('builds the resource host and the deployment path with the default GA api-version', () => {
    expect(azureOpenAIAdapter.baseUrl(target())).toBe('https://acme.openai.azure.com/openai')
    const request = chat.toUpstream({ model: 'gpt-4o', messages: [] }, target({ azureDeploymentId: 'prod-4o' }))
    expect(request.path).toBe(`/deployments/prod-4o/chat/completions?api-version=${AZURE_DEFAULT_API_VERSION}`)
    expect(AZURE_DEFAULT_API_VERSION).toBe('2024-10-21')
  })

  it('defaults the deployment to the body model and honours a configured api-version', () => {
    const request = azureOpenAIAdapter.endpoints.embeddings!.toUpstream({ model: 'text-embedding-3-small', input: 'x' }, target({ azureApiVersion: '2025-01-01-preview' }))
    expect(request.path).toBe('/deployments/text-embedding-3-small/embeddings?api-version=2025-01-01-preview')
    expect(azureOpenAIAdapter.endpoints.images!.toUpstream({ model: 'dall-e-3', prompt: 'p' }, target()).path).toMatch(/^\/deployments\/dall-e-3\/images\/generations\?/)
    expect(azureOpenAIAdapter.endpoints.models!.toUpstream({}, target()).path).toBe(`/models?api-version=${AZURE_DEFAULT_API_VERSION}`)
  })

  it('refuses a missing deployment, a missing resource and a resource name that is not one DNS label', () => {
    expect(() => chat.toUpstream({ messages: [] }, target())).toThrow(expect.objectContaining({ status: 400, param: 'azure_deployment_id' }))
    expect(() => azureOpenAIAdapter.baseUrl(target({ azureResourceName: undefined }))).toThrow(GatewayError)
    for (const name of ['evil.com/x', 'a.b', 'acme@evil.com', '-x'.repeat(40)]) {
      expect(() => azureOpenAIAdapter.baseUrl(target({ azureResourceName: name })), name).toThrow(expect.objectContaining({ status: 400 }))
    }
  })

  it('authenticates with api-key, or with a Bearer token in entra mode', async () => {
    const sign = async (options: Target['options']) => {
      const request: SignableRequest = { url: new URL('https://acme.openai.azure.com/openai'), method: 'POST', headers: new Headers() }
      await azureOpenAIAdapter.authenticate(request, target(options), { fetch, now: () => 0 })
      return request.headers
    }
    const keyed = await sign({})
    expect([keyed.get('api-key'), keyed.get('authorization')]).toEqual(['azure-key', null])
    const entra = await sign({ azureAuthMode: 'entra' })
    expect([entra.get('api-key'), entra.get('authorization')]).toEqual([null, 'Bearer azure-key'])
  })
})

describe('azure-openai stream with the prompt-filter chunk', () => {
  it('holds the empty-choices chunk and puts its prompt_filter_results on the first real chunk', async () => {
    const result = await replay(chat, fixture('azure-prompt-filter.sse'), [])
    expect(result.error).toBeUndefined()
    expect(result.chunks).toHaveLength(4)
    expect(result.chunks.every((chunk) => chunk.choices.length === 1 && chunk.id === 'chatcmpl-AzEmu9')).toBe(true)
    expect(result.chunks[0].prompt_filter_results).toEqual([expect.objectContaining({ prompt_index: 0 })])
    expect(result.chunks[1].prompt_filter_results).toBeUndefined()
    expect(contentOf(result.chunks)).toBe('Grüß dich')
  })

  for (const { name, cuts } of chunkings(fixture('azure-prompt-filter.sse'))) {
    it(`gives the same chunks when cut ${name}`, async () => {
      expect((await replay(chat, fixture('azure-prompt-filter.sse'), cuts)).chunks).toEqual((await replay(chat, fixture('azure-prompt-filter.sse'), [])).chunks)
    })
  }
})

describe('azure-openai errors', () => {
  it('maps a content_filter 400 to content_policy_violation naming the filtered categories', () => {
    const fault = errorFault('content_filter', 'azure')
    const error = chat.toError(fault.status!, fault.body, new Headers(fault.headers))
    expect([error.status, error.type, error.code, error.param, error.retryable]).toEqual([400, 'invalid_request_error', 'content_policy_violation', 'prompt', false])
    expect(error.message).toContain("content management policy")
    expect(error.message).toContain('(filtered: violence)')
  })

  it('keeps an Azure 429 retryable with its string code', () => {
    const fault = errorFault('rate_limit', 'azure')
    const error = chat.toError(fault.status!, fault.body, new Headers(fault.headers))
    expect([error.status, error.code, error.retryable]).toEqual([429, '429', true])
    expect(error.headers).toEqual({ 'retry-after': '0', 'retry-after-ms': '0' })
  })
})

describe('azure-openai against the azure emulator flavour', () => {
  let emulator: OpenAIEmulator
  beforeAll(async () => void (emulator = await startOpenAIEmulator({ flavour: 'azure', apiKey: 'azure-key' })))
  afterAll(() => emulator.close())
  const azureTarget = () => emulatorTarget('azure-openai', emulator.baseUrl, { azureDeploymentId: 'prod-4o' }, 'azure-key')

  it('streams through the deployment path with api-key and drops the filter chunk', async () => {
    const call = await runAdapter(azureOpenAIAdapter, 'chat', { model: 'gpt-4o', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hi' }] }, azureTarget())
    expect(call.error).toBeUndefined()
    expect(emulator.requests.at(-1)!.url).toBe('/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21')
    expect(contentOf(call.chunks!)).toBe(TEXT_ANSWER)
    expect(call.chunks![0].id).not.toBe('')
    expect(call.chunks!.at(-1)!.usage).toMatchObject({ total_tokens: 18 })
  })

  it('maps the emulator content-filter rejection', async () => {
    const call = await runAdapter(azureOpenAIAdapter, 'chat', { model: 'gpt-4o', messages: [{ role: 'user', content: '#filter' }] }, azureTarget())
    expect(call.error?.code).toBe('content_policy_violation')
  })

  it('lists models per resource', async () => {
    const call = await runAdapter(azureOpenAIAdapter, 'models', {}, azureTarget())
    expect(call.json.data.length).toBeGreaterThan(0)
  })
})
