import { openAIAdapter } from '../openai'
import type { ProviderAdapter } from '../types'
import { azureOpenAIAdapter } from './azure-openai'
import { deepSeekAdapter } from './deepseek'
import { groqAdapter } from './groq'
import { mistralAIAdapter } from './mistral-ai'
import { openRouterAdapter } from './openrouter'
import { fireworksAIAdapter, ollamaAdapter, perplexityAIAdapter, xAIAdapter } from './plain-providers'
import { togetherAIAdapter } from './together-ai'

/** The OpenAI-format providers, OpenAI included, by provider id (a fragment of the registry). */
export const openAICompatibleAdapters: Record<string, ProviderAdapter> = {
  openai: openAIAdapter,
  'azure-openai': azureOpenAIAdapter,
  groq: groqAdapter,
  'mistral-ai': mistralAIAdapter,
  'together-ai': togetherAIAdapter,
  deepseek: deepSeekAdapter,
  openrouter: openRouterAdapter,
  'fireworks-ai': fireworksAIAdapter,
  'perplexity-ai': perplexityAIAdapter,
  'x-ai': xAIAdapter,
  ollama: ollamaAdapter,
}

export { AZURE_DEFAULT_API_VERSION, azureOpenAIAdapter } from './azure-openai'
export { deepSeekAdapter } from './deepseek'
export { groqAdapter } from './groq'
export { mistralAIAdapter } from './mistral-ai'
export { MISTRAL_TOOL_CALL_ID, createMistralToolCallIds } from './mistral-tool-call-ids'
export { openRouterAdapter } from './openrouter'
export { fireworksAIAdapter, ollamaAdapter, perplexityAIAdapter, xAIAdapter } from './plain-providers'
export { togetherAIAdapter } from './together-ai'
