import { LENGTH_DELTAS, TEXT_DELTAS, TOOL_ARGUMENT_FRAGMENTS, pickScenario, type Scenario } from '../scenarios'
import { chatTranscript, lastUserText } from './transcript'
import { randomId, type OpenAIFlavour } from './wire'

/** The answer of a stop-sequence scenario: generation stopped before the sequence. */
export const STOP_DELTAS = ['Counting:', ' one, two']

/** What one choice of the answer contains, before it is written as JSON or as a stream. */
export interface ChoicePlan {
  scenario: Scenario
  deltas: string[]
  toolCall?: { id: string; name: string; fragments: string[] }
  /** DeepSeek reasoner models think aloud in `reasoning_content`. */
  reasoning?: string
  finishReason: string
}

/** Plans the answer to a chat request from the scenario in its last user message. */
export function planChat(body: Record<string, any>, flavour: OpenAIFlavour): ChoicePlan {
  const scenario = pickScenario(lastUserText(body.messages))
  const plan = planScenario(scenario, body, flavour)
  if (flavour === 'deepseek' && String(body.model).includes('reasoner')) plan.reasoning = 'Thinking it over.'
  return plan
}

function planScenario(scenario: Scenario, body: Record<string, any>, flavour: OpenAIFlavour): ChoicePlan {
  switch (scenario) {
    case 'tool': {
      const name = body.tools?.[0]?.function?.name
      if (typeof name !== 'string') break // no tool declared: answer with text
      // Mistral issues nine-character ids and accepts nothing else back.
      const id = flavour === 'mistral' ? randomId(9) : `call_${randomId(24)}`
      return { scenario, deltas: [], toolCall: { id, name, fragments: TOOL_ARGUMENT_FRAGMENTS }, finishReason: 'tool_calls' }
    }
    case 'length':
      return { scenario, deltas: LENGTH_DELTAS, finishReason: 'length' }
    case 'filter':
      return { scenario, deltas: [], finishReason: 'content_filter' }
    case 'stop-sequence':
      return { scenario, deltas: STOP_DELTAS, finishReason: 'stop' }
    case 'echo':
      return { scenario, deltas: [JSON.stringify(chatTranscript(body))], finishReason: 'stop' }
    case 'text':
      break
  }
  return { scenario: 'text', deltas: TEXT_DELTAS, finishReason: 'stop' }
}

/**
 * The finish reason as the flavour writes it: Together ends natural stops with `eos`; Mistral's
 * non-streamed answers say `model_length` for a length stop.
 */
export function flavourFinishReason(reason: string, flavour: OpenAIFlavour, stream: boolean): string {
  if (flavour === 'together' && reason === 'stop') return 'eos'
  if (flavour === 'mistral' && !stream && reason === 'length') return 'model_length'
  return reason
}

/** Azure's content-filter annotations: every category safe. */
export function azureFilterResults() {
  const safe = { filtered: false, severity: 'safe' }
  return { hate: safe, self_harm: safe, sexual: safe, violence: safe }
}
