import { badRequest } from '../../worker/http/errors'
import type { OpenAIBody } from '../types'
import { mapReasoningEffort } from './map-reasoning-effort'

/**
 * Maps the OpenAI sampling and output parameters onto Gemini's `generationConfig`:
 * max_completion_tokens / max_tokens → maxOutputTokens, temperature, top_p → topP, top_k → topK,
 * stop → stopSequences, n → candidateCount, seed, presence/frequency penalties, logprobs /
 * top_logprobs → responseLogprobs / logprobs, response_format → responseMimeType (+
 * responseJsonSchema for json_schema), reasoning_effort → thinkingConfig. Undefined when empty.
 * @see https://ai.google.dev/api/generate-content#generationconfig
 */
export function mapGenerationConfig(body: OpenAIBody, model: string): Record<string, unknown> | undefined {
  const config: Record<string, unknown> = {}
  const maxTokens = body.max_completion_tokens ?? body.max_tokens
  if (maxTokens !== undefined && maxTokens !== null) config.maxOutputTokens = maxTokens
  copy(body, 'temperature', config, 'temperature')
  copy(body, 'top_p', config, 'topP')
  copy(body, 'top_k', config, 'topK')
  copy(body, 'n', config, 'candidateCount')
  copy(body, 'seed', config, 'seed')
  copy(body, 'presence_penalty', config, 'presencePenalty')
  copy(body, 'frequency_penalty', config, 'frequencyPenalty')
  if (typeof body.stop === 'string') config.stopSequences = [body.stop]
  else if (Array.isArray(body.stop) && body.stop.length > 0) config.stopSequences = body.stop
  if (body.logprobs === true) {
    config.responseLogprobs = true
    if (typeof body.top_logprobs === 'number') config.logprobs = body.top_logprobs
  }
  Object.assign(config, mapResponseFormat(body.response_format))
  const thinking = mapReasoningEffort(body.reasoning_effort, model)
  if (thinking) config.thinkingConfig = thinking
  return Object.keys(config).length > 0 ? config : undefined
}

function copy(body: OpenAIBody, from: string, config: Record<string, unknown>, to: string): void {
  const value = body[from]
  if (value !== undefined && value !== null) config[to] = value
}

/**
 * json_object → JSON output; json_schema → JSON output constrained by the schema, given as plain
 * JSON Schema in `responseJsonSchema` (`strict` and the schema's name have no Gemini equivalent).
 * @see https://ai.google.dev/gemini-api/docs/structured-output
 */
export function mapResponseFormat(format: unknown): Record<string, unknown> {
  if (format === undefined || format === null) return {}
  const type = (format as { type?: unknown }).type
  switch (type) {
    case 'text':
      return {}
    case 'json_object':
      return { responseMimeType: 'application/json' }
    case 'json_schema': {
      const schema = (format as { json_schema?: { schema?: unknown } }).json_schema?.schema
      if (typeof schema !== 'object' || schema === null) return { responseMimeType: 'application/json' }
      return { responseMimeType: 'application/json', responseJsonSchema: schema }
    }
    default:
      throw badRequest(`response_format type '${String(type)}' is not supported.`, 'response_format.type')
  }
}
