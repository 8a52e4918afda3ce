import type { AnthropicUsage } from './wire-schemas'

/** OpenAI `usage` of a chat completion. */
export type OpenAIUsage = {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
  prompt_tokens_details: { cached_tokens: number; cache_write_tokens?: number }
}

/**
 * Maps Anthropic usage onto OpenAI usage: Anthropic's `input_tokens` exclude cache reads and writes,
 * OpenAI's `prompt_tokens` include them, so the three are summed.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
 */
export function mapAnthropicUsage(usage: AnthropicUsage | null | undefined): OpenAIUsage {
  const input = usage?.input_tokens ?? 0
  const cacheRead = usage?.cache_read_input_tokens ?? 0
  const cacheWrite = usage?.cache_creation_input_tokens ?? 0
  const completion = usage?.output_tokens ?? 0
  const prompt = input + cacheRead + cacheWrite
  const details: OpenAIUsage['prompt_tokens_details'] = { cached_tokens: cacheRead }
  if (cacheWrite > 0) details.cache_write_tokens = cacheWrite
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, prompt_tokens_details: details }
}

/** Overwrites the counts present in a later usage report (Anthropic stream usage is cumulative). */
export function mergeAnthropicUsage(current: AnthropicUsage, update: AnthropicUsage | null | undefined): AnthropicUsage {
  if (!update) return current
  const merged = { ...current }
  for (const key of Object.keys(update) as Array<keyof AnthropicUsage>) {
    const value = update[key]
    if (typeof value === 'number') merged[key] = value
  }
  return merged
}
