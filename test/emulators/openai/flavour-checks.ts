import type { EmulatorAnswer } from '../core'
import { badRequestAnswer, errorAnswer } from './errors'
import type { OpenAIFlavour } from './wire'

type Body = Record<string, any>

/** The top-level fields Mistral's chat schema has; anything else is a 422 "extra_forbidden". */
const MISTRAL_CHAT_FIELDS = new Set([
  'model', 'temperature', 'top_p', 'max_tokens', 'stream', 'stop', 'random_seed', 'metadata', 'messages',
  'response_format', 'tools', 'tool_choice', 'presence_penalty', 'frequency_penalty', 'n', 'prediction',
  'parallel_tool_calls', 'prompt_mode', 'safe_prompt', 'guardrails', 'prompt_cache_key', 'service_tier', 'reasoning_effort',
])
const MISTRAL_EMBEDDING_FIELDS = new Set(['model', 'input', 'output_dimension', 'output_dtype', 'encoding_format', 'metadata'])
const MISTRAL_MESSAGE_FIELDS: Record<string, Set<string>> = {
  system: new Set(['role', 'content']),
  user: new Set(['role', 'content']),
  assistant: new Set(['role', 'content', 'tool_calls', 'prefix']),
  tool: new Set(['role', 'content', 'tool_call_id', 'name']),
}
const MISTRAL_TOOL_CALL_ID = /^[a-zA-Z0-9]{9}$/

/** Mistral's validation error, as its API writes it (the pydantic detail inside `message`). */
function mistral422(detail: Array<{ loc: Array<string | number>; input: unknown }>): EmulatorAnswer {
  const items = detail.map(({ loc, input }) => ({ type: 'extra_forbidden', loc, msg: 'Extra inputs are not permitted', input }))
  return errorAnswer(422, { object: 'error', message: { detail: items }, type: 'invalid_request_error', param: null, code: null })
}

/** Mistral's request rules: strict fields, nine-character tool-call ids, prefix on a trailing assistant turn. */
export function checkMistral(endpoint: 'chat' | 'embeddings', body: Body): EmulatorAnswer | undefined {
  const allowed = endpoint === 'chat' ? MISTRAL_CHAT_FIELDS : MISTRAL_EMBEDDING_FIELDS
  const extra = Object.keys(body).filter((key) => !allowed.has(key)).map((key) => ({ loc: ['body', key], input: body[key] }))
  if (endpoint === 'chat') {
    ;(body.messages ?? []).forEach((message: Body, index: number) => {
      const fields = MISTRAL_MESSAGE_FIELDS[message.role]
      if (!fields) return
      for (const key of Object.keys(message)) if (!fields.has(key)) extra.push({ loc: ['body', 'messages', index, message.role, key], input: message[key] })
    })
  }
  if (extra.length > 0) return mistral422(extra)
  if (endpoint !== 'chat') return undefined
  for (const message of body.messages ?? []) {
    const ids = [...(message.tool_calls ?? []).map((call: Body) => call.id), ...(message.role === 'tool' ? [message.tool_call_id] : [])]
    const wrong = ids.find((id: unknown) => typeof id !== 'string' || !MISTRAL_TOOL_CALL_ID.test(id))
    if (wrong !== undefined) return badRequestAnswer('mistral', `Tool call id was ${wrong} but must be a-z, A-Z, 0-9, with a length of 9.`)
  }
  const last = body.messages?.at(-1)
  if (last?.role === 'assistant' && last.prefix !== true) {
    return badRequestAnswer('mistral', 'Expected last role User or Tool (or Assistant with prefix True) for serving but got assistant')
  }
  return undefined
}

/** Groq's request rules: no stream_options, n = 1, no logprobs. */
export function checkGroq(body: Body): EmulatorAnswer | undefined {
  if (body.stream_options !== undefined) return groq400("property 'stream_options' is unsupported, did you mean 'stream'?")
  if (typeof body.n === 'number' && body.n !== 1) return groq400("'n' : number must be at most 1")
  if (body.logprobs !== undefined || body.top_logprobs !== undefined) return groq400('logprobs are not supported with this model')
  return undefined
}

function groq400(message: string): EmulatorAnswer {
  return errorAnswer(400, { error: { message, type: 'invalid_request_error' } })
}

/** Checks a flavour applies before answering (undefined when the request passes). */
export function checkFlavour(flavour: OpenAIFlavour, endpoint: string, body: Body): EmulatorAnswer | undefined {
  if (flavour === 'mistral' && (endpoint === 'chat' || endpoint === 'embeddings')) return checkMistral(endpoint, body)
  if (flavour === 'groq' && endpoint === 'chat') return checkGroq(body)
  return undefined
}
