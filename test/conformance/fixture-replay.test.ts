import { BatchReader } from '../../worker/executor/chunk-batches'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { providerAdapter } from '../../providers'
import type { Endpoint, OpenAIChunk, ProviderAdapter, ResponseContext } from '../../providers/types'
import { chunkings, cutStream, readBatches } from '../helpers/rechunk'

// Every stream fixture in test/fixtures, replayed through its provider's stream decoding and
// translation exactly as the executor runs them, whole and cut at awkward byte boundaries: every
// cutting must give the same chunks and the same error as the whole body.
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))

// openai/ holds the fixtures of every OpenAI-format provider, named by a provider prefix.
const OPENAI_FORMAT_PREFIXES: Record<string, string> = {
  'azure-': 'azure-openai', 'deepseek-': 'deepseek', 'groq-': 'groq', 'mistral-': 'mistral-ai', 'openrouter-': 'openrouter', 'together-': 'together-ai',
}

/** The provider and endpoint a fixture belongs to. */
function ownerOf(folder: string, file: string): { provider: string; endpoint: Endpoint } {
  if (folder !== 'openai') return { provider: folder, endpoint: 'chat' }
  if (file === 'completions.sse') return { provider: 'openai', endpoint: 'completions' }
  const prefix = Object.keys(OPENAI_FORMAT_PREFIXES).find((candidate) => file.startsWith(candidate))
  return { provider: prefix ? OPENAI_FORMAT_PREFIXES[prefix] : 'openai', endpoint: 'chat' }
}

const streamFixtures = readdirSync(FIXTURES).flatMap((folder) =>
  readdirSync(FIXTURES + folder).filter((file) => file.endsWith('.sse') || file.endsWith('.bin')).map((file) => ({ folder, file, ...ownerOf(folder, file) })),
)

/** The executor's stream path for one attempt: BatchReader decodes (SSE or the adapter's own framing) and translates. */
async function replay(adapter: ProviderAdapter, endpoint: Endpoint, bytes: Uint8Array, cuts: number[]) {
  const context: ResponseContext = {
    endpoint, body: { model: 'replay-model', stream: true }, target: { path: 'config', provider: adapter.id, keySource: 'none', options: {} },
    id: 'chatcmpl-replay', created: 1_730_000_000, includeUsage: true, warn: () => {},
  }
  const { items: batches, error: broken } = await readBatches(new BatchReader(cutStream(bytes, cuts), adapter, adapter.endpoints[endpoint]!.streamTransform!(context)))
  const items: OpenAIChunk[] = batches.flatMap((batch) => batch.chunks)
  const failure = (batches.find((batch) => batch.error)?.error ?? broken) as { name?: string; status?: number; code?: string; message?: string } | undefined
  return { items, error: failure && { name: failure.name, status: failure.status, code: failure.code, message: failure.message } }
}

test('every stream fixture has a provider that can replay it', () => {
  expect(streamFixtures.length).toBeGreaterThan(30)
  for (const { folder, file, provider, endpoint } of streamFixtures) {
    expect(providerAdapter(provider)?.endpoints[endpoint]?.streamTransform, `${folder}/${file}`).toBeTypeOf('function')
  }
})

describe.each(streamFixtures)('$folder/$file', ({ folder, file, provider, endpoint }) => {
  const bytes = new Uint8Array(readFileSync(`${FIXTURES}${folder}/${file}`))
  const adapter = providerAdapter(provider)!
  const cutUp = chunkings(bytes).slice(1)

  test('replayed whole, it yields chunks or an error', async () => {
    const result = await replay(adapter, endpoint, bytes, [])
    expect(result.items.length > 0 || result.error !== undefined).toBe(true)
  })

  test.each(cutUp.filter((chunking) => chunking.cuts.length > 0))('cut $name, it yields exactly what the whole body yields', async ({ cuts }) => {
    const expected = await replay(adapter, endpoint, bytes, [])
    expect(await replay(adapter, endpoint, bytes, cuts)).toEqual(expected)
  })
})
