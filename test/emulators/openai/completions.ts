import type { EmulatorAnswer } from '../core'
import type { Transcript } from '../scenarios'
import { flavourFinishReason, planChat } from './chat-plan'
import { badRequestAnswer } from './errors'
import { DONE, jsonAnswer, openAIUsage, randomId, sseData, type AnswerContext } from './wire'

/** The prompt as text: the last of several prompts, token arrays written as numbers. */
function promptText(prompt: unknown): string {
  const last = Array.isArray(prompt) && prompt.length > 0 && typeof prompt[0] !== 'number' ? prompt.at(-1) : prompt
  return typeof last === 'string' ? last : JSON.stringify(last)
}

/** `POST …/completions` (legacy): `text_completion` objects, whole or streamed. */
export function completionsAnswer(body: Record<string, any>, context: AnswerContext): EmulatorAnswer {
  if (body.prompt === undefined) return badRequestAnswer(context.flavour, 'you must provide a prompt parameter', 'prompt')
  const text = promptText(body.prompt)
  // The chat planner understands a one-message conversation; the echo transcript is rebuilt below.
  const plan = planChat({ ...body, messages: [{ role: 'user', content: text }], tools: undefined }, context.flavour)
  if (plan.scenario === 'echo') plan.deltas = [JSON.stringify(completionTranscript(body, text))]
  const base = { id: `cmpl-${randomId(29)}`, object: 'text_completion', created: context.created, model: context.model }
  if (body.stream !== true) {
    const choice = { text: plan.deltas.join(''), index: 0, logprobs: null, finish_reason: flavourFinishReason(plan.finishReason, context.flavour, false) }
    return jsonAnswer({ ...base, system_fingerprint: 'fp_emulator', choices: [choice], usage: openAIUsage(context.flavour) })
  }
  const includeUsage = body.stream_options?.include_usage === true
  const chunk = (text: string, finishReason: string | null) =>
    sseData({ ...base, choices: [{ text, index: 0, logprobs: null, finish_reason: finishReason }], ...(includeUsage ? { usage: null } : {}) })
  const events = plan.deltas.map((delta) => chunk(delta, null))
  events.push(chunk('', flavourFinishReason(plan.finishReason, context.flavour, true)))
  if (includeUsage) events.push(sseData({ ...base, choices: [], usage: openAIUsage(context.flavour) }))
  return { events, terminator: DONE }
}

function completionTranscript(body: Record<string, any>, text: string): Transcript {
  const transcript: Transcript = { messages: [{ role: 'user', text }], stream: body.stream === true }
  if (typeof body.model === 'string') transcript.model = body.model
  if (typeof body.max_tokens === 'number') transcript.maxTokens = body.max_tokens
  if (typeof body.temperature === 'number') transcript.temperature = body.temperature
  if (typeof body.top_p === 'number') transcript.topP = body.top_p
  if (body.stop != null) transcript.stop = Array.isArray(body.stop) ? body.stop : [body.stop]
  return transcript
}
