import { didYouMean } from './did-you-mean'

/** The provider ids the gateway serves, as written in configs and `x-portkey-provider`. */
export const PROVIDER_IDS = [
  'openai',
  'azure-openai',
  'anthropic',
  'google',
  'vertex-ai',
  'bedrock',
  'cohere',
  'stability-ai',
  'groq',
  'mistral-ai',
  'together-ai',
  'deepseek',
  'openrouter',
  'fireworks-ai',
  'perplexity-ai',
  'x-ai',
  'ollama',
] as const

export type ProviderId = (typeof PROVIDER_IDS)[number]

// Other spellings seen in Portkey's SDKs, docs and cookbooks (seed 000 writes "stabilityai").
const ALIASES: Record<string, ProviderId> = {
  stabilityai: 'stability-ai',
  stability: 'stability-ai',
  azure: 'azure-openai',
  'azure-open-ai': 'azure-openai',
  azureopenai: 'azure-openai',
  gemini: 'google',
  'google-ai': 'google',
  vertex: 'vertex-ai',
  'google-vertex-ai': 'vertex-ai',
  mistral: 'mistral-ai',
  mistralai: 'mistral-ai',
  together: 'together-ai',
  togetherai: 'together-ai',
  fireworks: 'fireworks-ai',
  fireworksai: 'fireworks-ai',
  perplexity: 'perplexity-ai',
  perplexityai: 'perplexity-ai',
  xai: 'x-ai',
  grok: 'x-ai',
  'aws-bedrock': 'bedrock',
  'amazon-bedrock': 'bedrock',
  'deepseek-ai': 'deepseek',
}

const CANONICAL = new Set<string>(PROVIDER_IDS)

/** The canonical id for a provider name or alias (case-insensitive), or undefined when unknown. */
export function canonicalProvider(name: string): ProviderId | undefined {
  const lowered = name.trim().toLowerCase()
  if (CANONICAL.has(lowered)) return lowered as ProviderId
  return ALIASES[lowered]
}

/** The message for an unknown provider name, with a did-you-mean when one is close. */
export function unknownProviderMessage(name: string): string {
  const suggestion = didYouMean(name, [...PROVIDER_IDS, ...Object.keys(ALIASES)])
  const hint = suggestion === undefined ? '' : ` (did you mean '${canonicalProvider(suggestion)}'?)`
  return `unknown provider '${name}'${hint}; known providers: ${PROVIDER_IDS.join(', ')}`
}
