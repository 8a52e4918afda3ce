import { isGemini3OrLater } from './map-tool-call-part'

// Token budgets for models that take `thinkingBudget` (Gemini 2.5). A gateway choice, scaled on
// the 24576-token ceiling of 2.5 Flash; 0 turns thinking off where the model allows it.
const budgets: Record<string, number> = { none: 0, minimal: 0, low: 1024, medium: 8192, high: 24576 }

/**
 * Maps OpenAI `reasoning_effort` onto `thinkingConfig`: Gemini 3 and later take a `thinkingLevel`
 * (none → MINIMAL, the lowest level they have), earlier thinking models a `thinkingBudget`.
 * Unknown efforts are left to Gemini's default (undefined).
 * @see https://ai.google.dev/gemini-api/docs/thinking
 */
export function mapReasoningEffort(effort: unknown, model: string): Record<string, unknown> | undefined {
  if (typeof effort !== 'string' || !(effort in budgets)) return undefined
  if (isGemini3OrLater(model)) {
    const level = effort === 'none' ? 'MINIMAL' : effort.toUpperCase()
    return { thinkingLevel: level }
  }
  return { thinkingBudget: budgets[effort] }
}
