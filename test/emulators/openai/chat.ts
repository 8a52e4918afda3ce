import type { EmulatorAnswer } from '../core'
import { flavourFinishReason, planChat, azureFilterResults, type ChoicePlan } from './chat-plan'
import { chatStreamAnswer } from './chat-stream'
import { azureContentFilterBody, badRequestAnswer, errorAnswer } from './errors'
import { jsonAnswer, openAIUsage, randomId, type AnswerContext } from './wire'

/** `POST …/chat/completions`: a `chat.completion` or a stream of chunks. */
export function chatAnswer(body: Record<string, any>, context: AnswerContext): EmulatorAnswer {
  if (typeof body.model !== 'string' && context.flavour !== 'azure') return badRequestAnswer(context.flavour, 'you must provide a model parameter', 'model')
  if (!Array.isArray(body.messages) || body.messages.length === 0) return badRequestAnswer(context.flavour, "[] is too short - 'messages'", 'messages')
  const plan = planChat(body, context.flavour)
  // Azure's filter rejects the prompt outright instead of finishing with content_filter.
  if (context.flavour === 'azure' && plan.scenario === 'filter') return errorAnswer(400, azureContentFilterBody())
  const choices = typeof body.n === 'number' && body.n > 1 ? body.n : 1
  if (body.stream === true) return chatStreamAnswer(plan, choices, body, context)
  return jsonAnswer(chatCompletion(plan, choices, context))
}

function chatCompletion(plan: ChoicePlan, choices: number, context: AnswerContext) {
  const { flavour } = context
  const completion: Record<string, unknown> = {
    id: flavour === 'mistral' ? randomId(32) : `chatcmpl-${randomId(29)}`,
    object: 'chat.completion',
    created: context.created,
    model: context.model,
    choices: Array.from({ length: choices }, (_, index) => choice(plan, index, flavour)),
    usage: openAIUsage(flavour),
  }
  if (flavour === 'openai' || flavour === 'azure') Object.assign(completion, { service_tier: 'default', system_fingerprint: 'fp_emulator' })
  if (flavour === 'azure') completion.prompt_filter_results = [{ prompt_index: 0, content_filter_results: azureFilterResults() }]
  if (flavour === 'groq') completion.x_groq = { id: `req_${randomId(26)}` }
  return completion
}

function choice(plan: ChoicePlan, index: number, flavour: AnswerContext['flavour']) {
  const message: Record<string, unknown> = { role: 'assistant', content: plan.deltas.length > 0 ? plan.deltas.join('') : null }
  if (flavour !== 'mistral') Object.assign(message, { refusal: null, annotations: [] })
  if (plan.reasoning) message.reasoning_content = plan.reasoning
  if (plan.toolCall) {
    const { id, name, fragments } = plan.toolCall
    message.tool_calls = [{ id, type: 'function', function: { name, arguments: fragments.join('') } }]
  }
  const result: Record<string, unknown> = { index, message, logprobs: null, finish_reason: flavourFinishReason(plan.finishReason, flavour, false) }
  if (flavour === 'azure') result.content_filter_results = azureFilterResults()
  return result
}
