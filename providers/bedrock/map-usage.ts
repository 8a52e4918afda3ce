import type { TokenUsage } from './wire-schemas'

/** OpenAI `usage` for chat completions. */
export interface OpenAIUsage {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
  prompt_tokens_details?: { cached_tokens: number; cache_write_tokens?: number }
}

/**
 * Maps Bedrock TokenUsage onto OpenAI usage. Bedrock's `inputTokens` excludes cache reads and
 * writes (its `totalTokens` includes them), so prompt_tokens is their sum and cached_tokens the
 * cache reads, as OpenAI counts them.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html
 */
export function mapBedrockUsage(usage: TokenUsage | null | undefined): OpenAIUsage {
  const cacheRead = usage?.cacheReadInputTokens ?? 0
  const cacheWrite = usage?.cacheWriteInputTokens ?? 0
  const prompt = (usage?.inputTokens ?? 0) + cacheRead + cacheWrite
  const completion = usage?.outputTokens ?? 0
  const mapped: OpenAIUsage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion }
  if (usage?.cacheReadInputTokens != null || cacheWrite > 0) {
    mapped.prompt_tokens_details = { cached_tokens: cacheRead }
    if (cacheWrite > 0) mapped.prompt_tokens_details.cache_write_tokens = cacheWrite
  }
  return mapped
}
