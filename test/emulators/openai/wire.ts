import { randomBytes } from 'node:crypto'
import type { EmulatorAnswer } from '../core'
import { USAGE } from '../scenarios'

/** The OpenAI-format flavours the emulator speaks; each reproduces one provider's deviations. */
export type OpenAIFlavour = 'openai' | 'azure' | 'groq' | 'mistral' | 'openrouter' | 'together' | 'deepseek' | 'ollama'

/** Per-request facts every answer builder needs. */
export interface AnswerContext {
  flavour: OpenAIFlavour
  /** Unix seconds. */
  created: number
  /** The model named in the answer (Azure: the deployment when the body has none). */
  model: string
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** A random id of `length` letters and digits. */
export function randomId(length: number): string {
  return [...randomBytes(length)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('')
}

/** One SSE event carrying JSON, framed exactly as OpenAI frames it. */
export function sseData(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`
}

/** The OpenAI stream terminator. */
export const DONE = 'data: [DONE]\n\n'

/** The usage every answer reports, in OpenAI's shape (with the detail objects OpenAI adds). */
export function openAIUsage(flavour: OpenAIFlavour): Record<string, unknown> {
  const usage: Record<string, unknown> = {
    prompt_tokens: USAGE.prompt,
    completion_tokens: USAGE.completion,
    total_tokens: USAGE.prompt + USAGE.completion,
  }
  if (flavour === 'openai' || flavour === 'azure') {
    usage.prompt_tokens_details = { cached_tokens: 0, audio_tokens: 0 }
    usage.completion_tokens_details = { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 }
  }
  // Groq reports timings (seconds) next to the token counts.
  if (flavour === 'groq') Object.assign(usage, { queue_time: 0.01, prompt_time: 0.002, completion_time: 0.02, total_time: 0.032 })
  return usage
}

/** A JSON answer with OpenAI's usual response headers. */
export function jsonAnswer(json: unknown, status = 200): EmulatorAnswer {
  return { status, headers: { 'x-request-id': `req_${randomId(24)}` }, json }
}

/** Text of a message's `content` (a string or an array of parts), text parts joined by newlines. */
export function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return undefined
  const texts = content.filter((part) => part?.type === 'text' && typeof part.text === 'string').map((part) => part.text as string)
  return texts.length > 0 ? texts.join('\n') : undefined
}
