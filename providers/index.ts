import { anthropicAdapter } from './anthropic'
import { bedrockAdapter } from './bedrock'
import { cohereAdapter } from './cohere'
import { googleAdapter } from './google'
import { openAICompatibleAdapters } from './openai-compatible'
import { stabilityAdapter } from './stability-ai'
import type { ProviderAdapter } from './types'
import { vertexAdapter } from './vertex-ai'

/** Every provider the gateway speaks to, by canonical id (see worker/config/provider-ids.ts). */
const registry: Record<string, ProviderAdapter> = {
  ...openAICompatibleAdapters,
  anthropic: anthropicAdapter,
  bedrock: bedrockAdapter,
  cohere: cohereAdapter,
  google: googleAdapter,
  'vertex-ai': vertexAdapter,
  'stability-ai': stabilityAdapter,
}

/** The adapter for a canonical provider id, or undefined when the gateway has none. */
export function providerAdapter(id: string): ProviderAdapter | undefined {
  return registry[id]
}
