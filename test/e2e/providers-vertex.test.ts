import OpenAI from 'openai'
import { createHeaders } from 'portkey-ai'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { startEmulator, type Emulator } from '../emulators/core'
import { startGeminiEmulator, type GeminiEmulator } from '../emulators/gemini'
import { createTestServiceAccount } from '../emulators/gemini-auth'
import { TEXT_ANSWER } from '../emulators/scenarios'
import { startGateway, type Gateway } from '../helpers/gateway'

// Vertex AI through the gateway in workerd: the service-account JWT is signed with Web Crypto
// inside workerd, exchanged at the emulator's token endpoint (token_uri), and the token cached.
let vertex: GeminiEmulator
let trap: Emulator
let gateway: Gateway

beforeAll(async () => {
  vertex = await startGeminiEmulator({ vertex: true })
  trap = await startEmulator(() => ({ json: { access_token: 'stolen', expires_in: 3600 } }))
  // A key file the token endpoint does not trust (its public key was never registered).
  const untrusted = createTestServiceAccount(`${vertex.url}/token`, 'emulator-project', 'stranger')
  const integration = (secret: string) => ({ provider: 'vertex-ai', secret, custom_host: vertex.url, options: { vertex_project_id: 'e2e-project', vertex_region: 'europe-west4' } })
  gateway = await startGateway({
    secrets: { VERTEX_SA: vertex.serviceAccount!, VERTEX_UNTRUSTED_SA: untrusted.json },
    kv: { 'integration:vertex': integration('VERTEX_SA'), 'integration:vertex-untrusted': integration('VERTEX_UNTRUSTED_SA') },
  })
})
afterAll(async () => {
  await gateway?.dispose()
  await vertex?.close()
  await trap?.close()
})
beforeEach(() => {
  vertex.reset()
  trap.reset()
})

const client = (headers: Record<string, string>) => new OpenAI({ apiKey: 'X', baseURL: `${gateway.url}/v1`, maxRetries: 0, defaultHeaders: headers })
const ask = (headers: Record<string, string>, model = 'gemini-2.5-flash') => client(headers).chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }] })
const tokenRequests = () => vertex.requests.filter((request) => request.url === '/token')

describe('Vertex AI service-account token exchange through workerd', () => {
  test('the first request exchanges a signed JWT at token_uri; later ones reuse the cached token', async () => {
    const headers = createHeaders({ virtualKey: 'vertex' })
    expect((await ask(headers)).choices[0].message.content).toBe(TEXT_ANSWER)
    expect((await ask(headers, 'claude-sonnet-4-5@20250929')).choices[0].message.content).toBe(TEXT_ANSWER)
    const calls = vertex.requests.filter((request) => request.url !== '/token')
    expect(calls.map((request) => request.url)).toEqual([
      '/v1/projects/e2e-project/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent',
      '/v1/projects/e2e-project/locations/europe-west4/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict',
    ])
    expect(tokenRequests().length).toBeLessThanOrEqual(1) // none when an earlier test of this isolate cached it
    const token = calls[0].headers.authorization
    expect(token).toMatch(/^Bearer ya29\.emulator-\d+$/)
    expect(calls[1].headers.authorization).toBe(token)
    expect(vertex.issuedTokens.has(token!.slice('Bearer '.length))).toBe(true)
  })

  test('a key file the token endpoint refuses is a 401 that quotes no key material', async () => {
    const error = await ask(createHeaders({ virtualKey: 'vertex-untrusted' })).catch((thrown) => thrown)
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError)
    expect(error.error.message).toMatch(/invalid_grant/)
    expect(JSON.stringify(error.error)).not.toMatch(/PRIVATE KEY|BEGIN/)
    expect(tokenRequests()).toHaveLength(1)
  })
})

describe('a caller-supplied service account cannot point the gateway at another host', () => {
  // The caller's key file travels as its API key (Authorization: Bearer <json>).
  const askAsCaller = (serviceAccount: string) =>
    new OpenAI({
      apiKey: serviceAccount,
      baseURL: `${gateway.url}/v1`,
      maxRetries: 0,
      defaultHeaders: { 'x-portkey-provider': 'vertex-ai', 'x-portkey-custom-host': vertex.url, 'x-portkey-vertex-project-id': 'caller-project' },
    }).chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }] })

  test('a token_uri on another host is refused before any request is sent', async () => {
    const evil = JSON.stringify({ ...JSON.parse(vertex.serviceAccount!), token_uri: `${trap.url}/token` })
    const error = await askAsCaller(evil).catch((thrown) => thrown)
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError)
    expect(error.error.message).toContain('token_uri')
    expect(trap.requests).toHaveLength(0)
    expect(vertex.requests).toHaveLength(0)
  })

  test('a token_uri on the host the caller already sends the request to is used', async () => {
    const completion = await askAsCaller(vertex.serviceAccount!)
    expect(completion.choices[0].message.content).toBe(TEXT_ANSWER)
    expect(vertex.requests.at(-1)!.url).toContain('/projects/caller-project/')
  })
})
