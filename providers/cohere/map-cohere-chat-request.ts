import { badRequest } from '../../worker/http/errors'
import type { OpenAIBody, UpstreamRequest } from '../types'
import { mapCohereMessages } from './map-cohere-messages'
import { mapCohereTools } from './map-cohere-tools'

type Json = Record<string, unknown>

/** Cohere-native fields a caller may send as they are (they have no OpenAI name). */
const NATIVE_FIELDS = ['safety_mode', 'documents', 'citation_options', 'priority', 'thinking', 'k'] as const

/**
 * Maps an OpenAI chat request onto `POST /v2/chat`: `max_completion_tokens`/`max_tokens` →
 * `max_tokens`, `top_p` → `p`, `top_k` → `k`, `stop` → `stop_sequences`, `seed`, penalties and
 * `temperature` as they are, `response_format` json_object/json_schema → `{type: "json_object",
 * json_schema?}`. Dropped (no Cohere equivalent): `logprobs`, `top_logprobs`, `logit_bias`,
 * `parallel_tool_calls`, `user`, `stream_options`, `reasoning_effort`, `service_tier`, `store`,
 * `metadata`. `n` > 1 is a 400 (Cohere answers with one message).
 * @see https://docs.cohere.com/v2/reference/chat
 */
export function mapCohereChatRequest(body: OpenAIBody): UpstreamRequest {
  if (typeof body.model !== 'string' || body.model === '') throw badRequest('model is required.', 'model')
  if (typeof body.n === 'number' && body.n > 1) throw badRequest('Cohere returns one choice per request; n must be 1.', 'n')

  const request: Json = { model: body.model, messages: mapCohereMessages(body.messages) }
  Object.assign(request, mapCohereTools(body.tools, body.tool_choice))

  const maxTokens = body.max_completion_tokens ?? body.max_tokens
  if (typeof maxTokens === 'number') request.max_tokens = maxTokens
  copyNumber(body, 'temperature', request, 'temperature')
  copyNumber(body, 'top_p', request, 'p')
  copyNumber(body, 'top_k', request, 'k')
  copyNumber(body, 'seed', request, 'seed')
  copyNumber(body, 'frequency_penalty', request, 'frequency_penalty')
  copyNumber(body, 'presence_penalty', request, 'presence_penalty')
  const stop = mapStop(body.stop)
  if (stop) request.stop_sequences = stop
  const responseFormat = mapResponseFormat(body.response_format)
  if (responseFormat) request.response_format = responseFormat
  for (const field of NATIVE_FIELDS) if (body[field] !== undefined && request[field] === undefined) request[field] = body[field]

  const stream = body.stream === true
  if (stream) request.stream = true
  return { path: '/v2/chat', method: 'POST', body: JSON.stringify(request), stream }
}

function copyNumber(body: OpenAIBody, from: string, request: Json, to: string): void {
  const value = body[from]
  if (typeof value === 'number') request[to] = value
}

function mapStop(stop: unknown): string[] | undefined {
  if (typeof stop === 'string') return [stop]
  if (Array.isArray(stop) && stop.length > 0) return stop.filter((item): item is string => typeof item === 'string')
  return undefined
}

/** @see https://docs.cohere.com/v2/docs/structured-outputs */
function mapResponseFormat(format: unknown): Json | undefined {
  if (typeof format !== 'object' || format === null) return undefined
  const { type } = format as Json
  switch (type) {
    case 'json_object':
      return { type: 'json_object' }
    case 'json_schema': {
      const schema = ((format as Json).json_schema as Json | undefined)?.schema
      return typeof schema === 'object' && schema !== null ? { type: 'json_object', json_schema: schema } : { type: 'json_object' }
    }
    case 'text':
      return undefined
    default:
      throw badRequest(`response_format type '${String(type)}' is not supported by Cohere.`, 'response_format.type')
  }
}
