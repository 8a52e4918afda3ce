import type { OpenAIChunk } from '../types'

type Choice = Record<string, unknown> & { finish_reason?: string | null }

/**
 * Returns a copy of a response body or chunk with each choice passed through `rewrite`; used by
 * providers whose finish reasons or tool-call shapes differ from OpenAI's.
 */
export function rewriteChoices<T extends { choices: unknown[] } | OpenAIChunk>(body: T, rewrite: (choice: Choice) => Choice): T {
  return { ...body, choices: (body.choices as Choice[]).map((choice) => rewrite({ ...choice })) }
}

/** Rewrites a choice's `finish_reason` with a provider's named mapping (null stays null). */
export function withFinishReason(choice: Choice, map: (reason: string) => string): Choice {
  if (typeof choice.finish_reason === 'string') choice.finish_reason = map(choice.finish_reason)
  return choice
}
