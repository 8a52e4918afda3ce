import OpenAI from 'openai'
import { createHeaders } from 'portkey-ai'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { BEDROCK_EMULATOR_CREDENTIALS, midStreamExceptionFault, startBedrockEmulator } from '../emulators/bedrock'
import type { Emulator } from '../emulators/core'
import { TEXT_ANSWER } from '../emulators/scenarios'
import { startGateway, type Gateway } from '../helpers/gateway'

// Bedrock through the gateway in workerd: SigV4 computed with Web Crypto inside workerd and
// verified by the emulator with node:crypto and its own canonicalisation.
const API_KEY = 'ABSKemulatorBedrockApiKey0001'
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEemulator/session+token=='
let bedrock: Emulator
let gateway: Gateway

beforeAll(async () => {
  bedrock = await startBedrockEmulator({ apiKey: API_KEY })
  const integration = (secrets: Record<string, string>, extra: Record<string, unknown> = {}) => ({
    provider: 'bedrock',
    custom_host: bedrock.url,
    options: { aws_access_key_id: BEDROCK_EMULATOR_CREDENTIALS.accessKeyId, aws_region: 'eu-west-3' },
    secrets,
    ...extra,
  })
  gateway = await startGateway({
    secrets: { AWS_SECRET: BEDROCK_EMULATOR_CREDENTIALS.secretAccessKey, AWS_TOKEN: SESSION_TOKEN, AWS_WRONG: 'not-the-secret', BEDROCK_API_KEY: API_KEY },
    kv: {
      'integration:bedrock-keys': integration({ aws_secret_access_key: 'AWS_SECRET' }),
      'integration:bedrock-session': integration({ aws_secret_access_key: 'AWS_SECRET', aws_session_token: 'AWS_TOKEN' }),
      'integration:bedrock-wrong': integration({ aws_secret_access_key: 'AWS_WRONG' }),
      'integration:bedrock-api-key': { provider: 'bedrock', custom_host: bedrock.url, secret: 'BEDROCK_API_KEY' },
    },
  })
})
afterAll(async () => {
  await gateway?.dispose()
  await bedrock?.close()
})
beforeEach(() => bedrock.reset())

const client = (virtualKey: string) => new OpenAI({ apiKey: 'X', baseURL: `${gateway.url}/v1`, maxRetries: 0, defaultHeaders: createHeaders({ virtualKey }) })
const ask = (virtualKey: string, model = 'anthropic.claude-3-5-sonnet-20240620-v1:0') => client(virtualKey).chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }] })

describe('Bedrock SigV4 through workerd', () => {
  test.each([
    ['a versioned model id (the colon is double-encoded in the canonical path)', 'anthropic.claude-3-5-sonnet-20240620-v1:0'],
    ['a cross-region inference profile id', 'eu.anthropic.claude-3-7-sonnet-20250219-v1:0'],
    ['an inference profile ARN (slashes inside one path segment)', 'arn:aws:bedrock:eu-west-3:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0'],
  ])('the emulator accepts the signature for %s', async (_name, model) => {
    const completion = await ask('bedrock-keys', model)
    expect(completion.choices[0].message.content).toBe(TEXT_ANSWER)
    const sent = bedrock.requests[0]
    expect(sent.url).toBe(`/model/${encodeURIComponent(model)}/converse`)
    expect(sent.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEMULATOR\/\d{8}\/eu-west-3\/bedrock\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/)
  })

  test('a session token travels as x-amz-security-token and is signed', async () => {
    await ask('bedrock-session')
    expect(bedrock.requests[0].headers['x-amz-security-token']).toBe(SESSION_TOKEN)
    expect(bedrock.requests[0].headers.authorization).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,')
  })

  test('a streamed answer is signed the same way and decoded from the binary event stream', async () => {
    const final = await client('bedrock-keys').chat.completions.stream({ model: 'anthropic.claude-3-5-sonnet-20240620-v1:0', messages: [{ role: 'user', content: 'Hi' }] }).finalChatCompletion()
    expect(final.choices[0].message.content).toBe(TEXT_ANSWER)
    expect(bedrock.requests[0].url).toMatch(/\/converse-stream$/)
  })

  test('a wrong secret key is refused by the emulator and reaches the caller as a 401 without the key', async () => {
    const error = await ask('bedrock-wrong').catch((thrown) => thrown)
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError)
    expect(error.error.message).toContain('signature')
    expect(JSON.stringify(error.error)).not.toContain('not-the-secret')
  })

  test('a Bedrock API key is sent as a Bearer token instead of a signature', async () => {
    await ask('bedrock-api-key')
    expect(bedrock.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`)
  })

  test('an exception frame after the first text ends the stream with an error, never a silent cut', async () => {
    bedrock.enqueue(midStreamExceptionFault())
    let text = ''
    const stream = client('bedrock-keys').chat.completions.stream({ model: 'anthropic.claude-3-5-sonnet-20240620-v1:0', messages: [{ role: 'user', content: 'Hi' }] })
    stream.on('content', (delta) => void (text += delta))
    const error = await stream.finalChatCompletion().catch((thrown) => thrown)
    expect(text).toBe('Hello')
    expect(error).toBeInstanceOf(Error)
    expect(String(error.message)).toMatch(/stream failed|model stream|error/i)
  })
})
