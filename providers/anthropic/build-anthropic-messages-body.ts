import type { OpenAIBody, Target } from '../types'
import { badRequest } from '../../worker/http/errors'
import { isRecord } from './is-record'
import type { AnthropicBlock } from './map-openai-content'
import { mapOpenAIMessages } from './map-openai-messages'
import { mapOpenAIToolChoice, mapOpenAITools } from './map-openai-tools'

/** `max_tokens` sent when the caller sets none; Anthropic requires one and every Claude model allows 4096. */
export const DEFAULT_MAX_TOKENS = 4096

/** OpenAI parameters with no Anthropic equivalent; they are dropped, never sent. */
export const ANTHROPIC_DROPPED_PARAMETERS = [
  'logprobs', 'top_logprobs', 'logit_bias', 'seed', 'presence_penalty', 'frequency_penalty',
  'stream_options', 'reasoning_effort', 'service_tier', 'store', 'metadata', 'modalities', 'audio',
  'prediction', 'verbosity', 'web_search_options', 'prompt_cache_key',
] as const

// json_object has no Anthropic switch; the instruction is the documented way to ask for JSON.
// @see https://docs.anthropic.com/en/docs/test-and-evaluate/strengthen-guardrails/increase-consistency
export const JSON_OBJECT_INSTRUCTION = 'Respond only with a single valid JSON object, without any text before or after it.'

/**
 * Builds the full Messages API body (including `model` and `stream`) from an OpenAI chat request.
 * Throws a 400 for what Anthropic cannot express (n > 1, unknown tool_choice, unsupported parts).
 * @see https://docs.anthropic.com/en/api/messages
 */
export function buildAnthropicMessagesBody(body: OpenAIBody, _target: Target): Record<string, unknown> {
  if (typeof body.model !== 'string' || body.model === '') throw badRequest('model is required.', 'model')
  if (body.n !== undefined && body.n !== null && body.n !== 1) {
    throw badRequest('Anthropic returns one choice per request; n must be 1.', 'n')
  }
  if (body.functions !== undefined || body.function_call !== undefined) {
    throw badRequest('functions and function_call are not supported for Anthropic; use tools and tool_choice.', 'functions')
  }
  const { system, messages } = mapOpenAIMessages(body.messages)
  const result: Record<string, unknown> = { model: body.model, messages, max_tokens: maxTokens(body) }

  const format = mapResponseFormat(body.response_format)
  const fullSystem = format === 'json' ? appendSystem(system, JSON_OBJECT_INSTRUCTION) : system
  if (fullSystem !== undefined) result.system = fullSystem
  if (isRecord(format)) result.output_config = { format }

  const stopSequences = mapStop(body.stop)
  if (stopSequences) result.stop_sequences = stopSequences
  // OpenAI's range is 0–2, Anthropic's 0–1: values above 1 are clamped to Anthropic's most random setting.
  if (typeof body.temperature === 'number') result.temperature = Math.min(1, Math.max(0, body.temperature))
  if (typeof body.top_p === 'number') result.top_p = body.top_p
  // Anthropic-native parameters a caller may send through the OpenAI API.
  if (typeof body.top_k === 'number') result.top_k = body.top_k
  if (isRecord(body.thinking)) result.thinking = body.thinking

  const tools = mapOpenAITools(body.tools)
  if (tools) {
    result.tools = tools
    const toolChoice = mapOpenAIToolChoice(body.tool_choice, body.parallel_tool_calls)
    if (toolChoice) result.tool_choice = toolChoice
  }
  const userId = typeof body.user === 'string' ? body.user : body.safety_identifier
  if (typeof userId === 'string' && userId !== '') result.metadata = { user_id: userId }
  if (body.stream === true) result.stream = true
  return result
}

function maxTokens(body: OpenAIBody): number {
  for (const value of [body.max_completion_tokens, body.max_tokens]) {
    if (typeof value === 'number') return value
  }
  return DEFAULT_MAX_TOKENS
}

function mapStop(stop: unknown): string[] | undefined {
  if (typeof stop === 'string') return [stop]
  if (Array.isArray(stop) && stop.length > 0) {
    if (!stop.every((sequence) => typeof sequence === 'string')) throw badRequest('stop must be a string or an array of strings.', 'stop')
    return stop
  }
  return undefined
}

/** 'json' for json_object, an `output_config.format` object for json_schema, undefined for text. */
function mapResponseFormat(responseFormat: unknown): 'json' | AnthropicBlock | undefined {
  if (responseFormat === undefined || responseFormat === null) return undefined
  const type = isRecord(responseFormat) ? responseFormat.type : undefined
  switch (type) {
    case 'text':
      return undefined
    case 'json_object':
      return 'json'
    case 'json_schema': {
      // Structured outputs: Anthropic constrains decoding to the schema.
      // @see https://docs.anthropic.com/en/docs/build-with-claude/structured-outputs
      const jsonSchema = isRecord(responseFormat) ? responseFormat.json_schema : undefined
      const schema = isRecord(jsonSchema) && isRecord(jsonSchema.schema) ? jsonSchema.schema : undefined
      if (!schema) throw badRequest('response_format.json_schema.schema is required for Anthropic.', 'response_format.json_schema.schema')
      return { type: 'json_schema', schema }
    }
    default:
      throw badRequest(`response_format type '${String(type)}' is not supported for Anthropic.`, 'response_format.type')
  }
}

function appendSystem(system: string | AnthropicBlock[] | undefined, text: string): string | AnthropicBlock[] {
  if (system === undefined) return text
  if (typeof system === 'string') return `${system}\n\n${text}`
  return [...system, { type: 'text', text }]
}
