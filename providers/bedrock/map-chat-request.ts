import type { OpenAIBody, UpstreamRequest } from '../types'
import { badRequest } from '../../worker/http/errors'
import { mapMessages } from './map-messages'
import { mapToolConfig } from './map-tools'
import { bedrockModelPath } from './model-path'
import type { ConverseInferenceConfig, ConverseRequest } from './wire-schemas'

/**
 * OpenAI parameters Converse has no field for; they are dropped without error. (`n > 1` is a
 * 400 instead, since the caller would silently get fewer choices than asked for.)
 */
export const DROPPED_CHAT_PARAMETERS = [
  'frequency_penalty',
  'presence_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'seed',
  'user',
  'metadata',
  'store',
  'service_tier',
  'parallel_tool_calls',
  'response_format',
  'reasoning_effort',
  'verbosity',
  'modalities',
  'audio',
  'prediction',
  'web_search_options',
  'prompt_cache_key',
  'safety_identifier',
] as const

/**
 * Maps an OpenAI chat completion request onto Converse (or ConverseStream when `stream` is set).
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
export function mapChatRequest(body: OpenAIBody): UpstreamRequest {
  const stream = body.stream === true
  const path = bedrockModelPath(body.model, stream ? 'converse-stream' : 'converse')
  if (typeof body.n === 'number' && body.n > 1) throw badRequest('Bedrock returns one choice per request; n must be 1.', 'n')
  const conversation = mapMessages(body.messages)
  const request: ConverseRequest = { messages: conversation.messages }
  if (conversation.system.length > 0) request.system = conversation.system
  const inferenceConfig = mapInferenceConfig(body)
  if (inferenceConfig) request.inferenceConfig = inferenceConfig
  const toolConfig = mapToolConfig(body.tools, body.tool_choice, conversation.hasToolBlocks)
  if (toolConfig) request.toolConfig = toolConfig
  return { path, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request), stream }
}

/**
 * max_completion_tokens (or max_tokens) → maxTokens, temperature, top_p → topP, stop → stopSequences.
 * Values are passed as given; Bedrock validates ranges per model.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InferenceConfiguration.html
 */
export function mapInferenceConfig(body: OpenAIBody): ConverseInferenceConfig | undefined {
  const config: ConverseInferenceConfig = {}
  const maxTokens = body.max_completion_tokens ?? body.max_tokens
  if (typeof maxTokens === 'number') config.maxTokens = maxTokens
  if (typeof body.temperature === 'number') config.temperature = body.temperature
  if (typeof body.top_p === 'number') config.topP = body.top_p
  const stop = typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? body.stop : []
  // Converse rejects empty stop sequences (NonEmptyString).
  const stopSequences = stop.filter((sequence): sequence is string => typeof sequence === 'string' && sequence !== '')
  if (stopSequences.length > 0) config.stopSequences = stopSequences
  return Object.keys(config).length > 0 ? config : undefined
}
