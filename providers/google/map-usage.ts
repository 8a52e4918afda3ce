import type { GeminiUsage } from './wire-schemas'

/** The OpenAI `usage` object. */
export type OpenAIUsage = {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
  prompt_tokens_details: { cached_tokens: number }
  completion_tokens_details: { reasoning_tokens: number }
}

/**
 * Maps Gemini `usageMetadata` onto OpenAI `usage`. Thinking tokens are billed as output, so they
 * count in completion_tokens (and reasoning_tokens); tokens of tool-use prompts count as prompt;
 * cached tokens are part of the prompt count, as in OpenAI. The sum matches Gemini's total.
 * @see https://ai.google.dev/api/generate-content#UsageMetadata
 */
export function mapGeminiUsage(usage: GeminiUsage): OpenAIUsage {
  const prompt = (usage.promptTokenCount ?? 0) + (usage.toolUsePromptTokenCount ?? 0)
  const thoughts = usage.thoughtsTokenCount ?? 0
  const completion = (usage.candidatesTokenCount ?? 0) + thoughts
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: usage.totalTokenCount ?? prompt + completion,
    prompt_tokens_details: { cached_tokens: usage.cachedContentTokenCount ?? 0 },
    completion_tokens_details: { reasoning_tokens: thoughts },
  }
}
