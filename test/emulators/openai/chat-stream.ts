import type { EmulatorAnswer } from '../core'
import { azureFilterResults, flavourFinishReason, type ChoicePlan } from './chat-plan'
import { DONE, openAIUsage, randomId, sseData, type AnswerContext } from './wire'

type Delta = Record<string, unknown>

/** The deltas of one choice, in order: role, reasoning, content or tool-call fragments. */
function choiceDeltas(plan: ChoicePlan): Delta[] {
  const deltas: Delta[] = []
  if (plan.toolCall) {
    const { id, name, fragments } = plan.toolCall
    deltas.push({ role: 'assistant', content: null, tool_calls: [{ index: 0, id, type: 'function', function: { name, arguments: '' } }] })
    if (plan.reasoning) deltas.push({ reasoning_content: plan.reasoning })
    for (const fragment of fragments) deltas.push({ tool_calls: [{ index: 0, function: { arguments: fragment } }] })
    return deltas
  }
  deltas.push({ role: 'assistant', content: '', refusal: null })
  if (plan.reasoning) deltas.push({ reasoning_content: plan.reasoning })
  for (const text of plan.deltas) deltas.push({ content: text })
  return deltas
}

/**
 * A chat stream exactly as OpenAI writes it: the role in the first delta, then content deltas, a
 * finish chunk with `delta: {}`, the usage chunk (`choices: []`) only when
 * `stream_options.include_usage` is set, then `data: [DONE]` as the terminator. Choices of n > 1
 * interleave. Flavours add their own framing (Azure's filter chunk, keep-alive comments, x_groq).
 */
export function chatStreamAnswer(plan: ChoicePlan, choices: number, body: Record<string, any>, context: AnswerContext): EmulatorAnswer {
  const { flavour } = context
  const includeUsage = body.stream_options?.include_usage === true && flavour !== 'groq' && flavour !== 'mistral'
  const id = flavour === 'mistral' ? randomId(32) : `chatcmpl-${randomId(29)}`
  const base: Record<string, unknown> = { id, object: 'chat.completion.chunk', created: context.created, model: context.model }
  if (flavour !== 'mistral' && flavour !== 'openrouter') base.system_fingerprint = 'fp_emulator'
  const chunk = (choiceList: unknown[], extra: Record<string, unknown> = {}) => sseData({ ...base, choices: choiceList, ...(includeUsage ? { usage: null } : {}), ...extra })

  const events: string[] = []
  if (flavour === 'openrouter') events.push(': OPENROUTER PROCESSING\n\n')
  if (flavour === 'deepseek') events.push(': keep-alive\n\n')
  if (flavour === 'azure') {
    events.push(sseData({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: [{ prompt_index: 0, content_filter_results: azureFilterResults() }] }))
  }
  const deltas = choiceDeltas(plan)
  for (const delta of deltas) {
    for (let index = 0; index < choices; index++) {
      const extra = flavour === 'azure' && !('role' in delta) ? { content_filter_results: azureFilterResults() } : {}
      events.push(chunk([{ index, delta, logprobs: null, finish_reason: null, ...extra }]))
    }
    if (flavour === 'openrouter' && delta === deltas[0]) events.push(': OPENROUTER PROCESSING\n\n')
  }
  const finishReason = flavourFinishReason(plan.finishReason, flavour, true)
  for (let index = 0; index < choices; index++) {
    const last = index === choices - 1
    // Groq reports usage on the last chunk under x_groq; Mistral always puts usage there.
    const extra: Record<string, unknown> = {}
    if (last && flavour === 'groq') extra.x_groq = { id: `req_${randomId(26)}`, usage: openAIUsage(flavour) }
    if (last && flavour === 'mistral') extra.usage = openAIUsage(flavour)
    events.push(chunk([{ index, delta: {}, logprobs: null, finish_reason: finishReason }], extra))
  }
  if (includeUsage) events.push(sseData({ ...base, choices: [], usage: openAIUsage(flavour) }))
  return { headers: { 'x-request-id': `req_${randomId(24)}` }, events, terminator: DONE }
}
