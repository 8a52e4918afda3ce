import OpenAI from 'openai'
import { createHeaders } from 'portkey-ai'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { BEDROCK_EMULATOR_CREDENTIALS, startBedrockEmulator } from '../emulators/bedrock'
import { COHERE_EMULATOR_KEY, embeddingValue, startCohereEmulator } from '../emulators/cohere'
import type { Emulator } from '../emulators/core'
import { GEMINI_EMULATOR_KEY, startGeminiEmulator } from '../emulators/gemini'
import { emulatorVector } from '../emulators/gemini-embeddings'
import { startGateway, type Gateway } from '../helpers/gateway'

// Embeddings of the translating providers through the gateway, as floats and in the SDK's default
// form (it asks for base64 and decodes little-endian float32 itself): both must give the numbers
// the provider sent. Every emulator's vectors are exact in float32, so equality is exact.
let gemini: Emulator
let vertex: Awaited<ReturnType<typeof startGeminiEmulator>>
let cohere: Emulator
let bedrock: Emulator
let gateway: Gateway

beforeAll(async () => {
  ;[gemini, vertex, cohere, bedrock] = await Promise.all([startGeminiEmulator(), startGeminiEmulator({ vertex: true }), startCohereEmulator(), startBedrockEmulator()])
  gateway = await startGateway({
    secrets: { GEMINI: GEMINI_EMULATOR_KEY, VERTEX: vertex.serviceAccount!, COHERE: COHERE_EMULATOR_KEY, AWS: BEDROCK_EMULATOR_CREDENTIALS.secretAccessKey },
    kv: {
      'integration:google': { provider: 'google', secret: 'GEMINI', custom_host: gemini.url },
      'integration:vertex': { provider: 'vertex-ai', secret: 'VERTEX', custom_host: vertex.url, options: { vertex_project_id: 'p1' } },
      'integration:cohere': { provider: 'cohere', secret: 'COHERE', custom_host: cohere.url },
      'integration:bedrock': {
        provider: 'bedrock', custom_host: bedrock.url,
        options: { aws_access_key_id: BEDROCK_EMULATOR_CREDENTIALS.accessKeyId, aws_region: 'us-east-1' }, secrets: { aws_secret_access_key: 'AWS' },
      },
    },
  })
})
afterAll(async () => {
  await gateway?.dispose()
  await Promise.all([gemini, vertex, cohere, bedrock].map((emulator) => emulator?.close()))
})
beforeEach(() => [gemini, vertex, cohere, bedrock].forEach((emulator) => emulator.reset()))

const client = (virtualKey: string) => new OpenAI({ apiKey: 'X', baseURL: `${gateway.url}/v1`, maxRetries: 0, defaultHeaders: createHeaders({ virtualKey }) })

const bedrockVector = (text: string, dimensions: number) => Array.from({ length: dimensions }, (_, index) => (index === 0 ? text.length : ((text.length + index) % 7) / 8))

const CASES: Array<{ name: string; integration: string; model: string; input: string | string[]; expected: (text: string, index: number) => number[]; path: RegExp }> = [
  { name: 'google (one input, embedContent)', integration: 'google', model: 'gemini-embedding-001', input: 'hello world', expected: (text) => emulatorVector(text), path: /:embedContent$/ },
  { name: 'google (several, batchEmbedContents)', integration: 'google', model: 'gemini-embedding-001', input: ['a cat', 'a dog'], expected: (text) => emulatorVector(text), path: /:batchEmbedContents$/ },
  { name: 'vertex-ai (predict)', integration: 'vertex', model: 'text-embedding-005', input: ['a cat', 'a dog'], expected: (text) => emulatorVector(text), path: /:predict$/ },
  { name: 'cohere (v2 embed)', integration: 'cohere', model: 'embed-v4.0', input: ['a cat', 'a dog'], expected: (text, index) => [0, 1, 2, 3].map((position) => embeddingValue(text, index, position)), path: /^\/v2\/embed$/ },
  { name: 'bedrock titan (invoke)', integration: 'bedrock', model: 'amazon.titan-embed-text-v2:0', input: 'hello', expected: (text) => bedrockVector(text, 1024), path: /titan-embed-text-v2%3A0\/invoke$/ },
  { name: 'bedrock cohere (invoke)', integration: 'bedrock', model: 'cohere.embed-english-v3', input: ['a cat', 'a dog'], expected: (text) => bedrockVector(text, 1024), path: /cohere\.embed-english-v3\/invoke$/ },
]

describe.each(CASES)('embeddings through the gateway: $name', ({ integration, model, input, expected, path }) => {
  const texts = typeof input === 'string' ? [input] : input
  const emulatorOf = () => ({ google: gemini, vertex, cohere, bedrock })[integration]!

  test('encoding_format float gives the provider vectors in input order', async () => {
    const result = await client(integration).embeddings.create({ model, input, encoding_format: 'float' })
    expect(result.object).toBe('list')
    expect(result.data.map((item) => item.index)).toEqual(texts.map((_, index) => index))
    expect(result.data.map((item) => item.embedding)).toEqual(texts.map((text, index) => expected(text, index)))
    expect(emulatorOf().requests.at(-1)!.url).toMatch(path)
  })

  test("the SDK's default (base64, decoded by the SDK) gives the same numbers", async () => {
    const result = await client(integration).embeddings.create({ model, input })
    expect(result.data.map((item) => item.embedding)).toEqual(texts.map((text, index) => expected(text, index)))
  })
})
