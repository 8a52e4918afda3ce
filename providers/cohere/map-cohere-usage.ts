import type { CohereUsage } from './cohere-wire-schemas'

/** OpenAI `usage` in a chat completion. */
export type OpenAIUsage = {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
  prompt_tokens_details?: { cached_tokens: number }
}

/**
 * Maps Cohere usage onto OpenAI's. `tokens` counts what the model really read and wrote (the
 * prompt template included); `billed_units` what was charged. `tokens` is preferred, `billed_units`
 * fills in when it is absent; `cached_tokens` → `prompt_tokens_details.cached_tokens`.
 * @see https://docs.cohere.com/v2/reference/chat (usage)
 */
export function mapCohereUsage(usage: CohereUsage | null | undefined): OpenAIUsage {
  const prompt = usage?.tokens?.input_tokens ?? usage?.billed_units?.input_tokens ?? 0
  const completion = usage?.tokens?.output_tokens ?? usage?.billed_units?.output_tokens ?? 0
  const mapped: OpenAIUsage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion }
  if (typeof usage?.cached_tokens === 'number') mapped.prompt_tokens_details = { cached_tokens: usage.cached_tokens }
  return mapped
}
