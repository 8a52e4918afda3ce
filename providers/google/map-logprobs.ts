/**
 * Maps a candidate's `logprobsResult` onto OpenAI `logprobs.content` (gateway choice: Gemini gives
 * no bytes; top candidates at position j become that token's `top_logprobs`). Null when absent.
 * @see https://ai.google.dev/api/generate-content#LogprobsResult
 */
export function mapGeminiLogprobs(result: unknown): { content: Array<Record<string, unknown>> } | null {
  if (typeof result !== 'object' || result === null) return null
  const { chosenCandidates, topCandidates } = result as { chosenCandidates?: unknown; topCandidates?: unknown }
  if (!Array.isArray(chosenCandidates)) return null
  const tops = Array.isArray(topCandidates) ? topCandidates : []
  return {
    content: chosenCandidates.map((chosen, index) => ({
      ...tokenLogprob(chosen),
      bytes: null,
      top_logprobs: ((tops[index] as { candidates?: unknown } | undefined)?.candidates as unknown[] | undefined)?.map(tokenLogprob) ?? [],
    })),
  }
}

function tokenLogprob(value: unknown): { token: string; logprob: number } {
  const record = (value ?? {}) as { token?: unknown; logProbability?: unknown }
  return {
    token: typeof record.token === 'string' ? record.token : '',
    logprob: typeof record.logProbability === 'number' ? record.logProbability : 0,
  }
}
