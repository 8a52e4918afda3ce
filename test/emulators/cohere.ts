/**
 * A wire-true Cohere v2 emulator (chat, chat stream, embed) on the shared emulator core.
 *
 * Wire facts and where they come from:
 * - cohere-ai/cohere-typescript `src/api/resources/v2/client/Client.ts`: `POST /v2/chat` (stream or
 *   not, by the `stream` body field), `POST /v2/embed`, Bearer auth; stream read as SSE with the
 *   `[DONE]` terminator; error statuses 400/401/403/404/422/429/498/499/500/501/503/504.
 * - `src/api/types/*` (ChatMessageV2, ToolV2, ToolCallV2, ResponseFormatV2, V2ChatResponse,
 *   V2ChatStreamResponse, ChatMessageEndEventDelta, Usage, EmbedByTypeResponse): body shapes,
 *   `finish_reason` values (COMPLETE, STOP_SEQUENCE, MAX_TOKENS, TOOL_CALL, ERROR, TIMEOUT),
 *   `tool_choice` REQUIRED | NONE, message-end `error` for a failed generation.
 * - https://docs.cohere.com/v2/docs/streaming: event order message-start, content-start,
 *   content-delta…, content-end, tool-plan-delta, tool-call-start/-delta/-end, message-end; each
 *   event carries `event: <type>` and its JSON repeats the name in `type`.
 * - https://docs.cohere.com/v2/reference/errors: error body `{message}` (real answers add `id`), the
 *   "too many tokens: …" and "invalid api token" messages.
 * Cohere has no content-filter finish reason: its safety modes make the model answer with a refusal
 * and `COMPLETE`, so `#filter` does that. The `content_filter` error kind is a 400 "blocked …"
 * message (wording unverified).
 */
import { startEmulator, type Emulator, type EmulatorAnswer, type Fault, type RecordedRequest } from './core'
import {
  LENGTH_DELTAS, TEXT_DELTAS, TOOL_ARGUMENTS, TOOL_ARGUMENT_FRAGMENTS, USAGE, pickScenario,
  type ErrorKind, type Transcript, type TranscriptMessage,
} from './scenarios'

const USAGE_BODY = {
  billed_units: { input_tokens: USAGE.prompt, output_tokens: USAGE.completion },
  tokens: { input_tokens: USAGE.prompt, output_tokens: USAGE.completion },
}
export const REFUSAL_TEXT = "I'm sorry, but I can't help with that request."
const TERMINATOR = 'data: [DONE]\n\n'
let counter = 0
const newId = () => `c0h3r3-${(++counter).toString(16).padStart(8, '0')}`

/** The key the emulator accepts unless another is given. */
export const COHERE_EMULATOR_KEY = 'co-emulator-key'

/** Starts the emulator; requests must carry `Authorization: Bearer <apiKey>`. */
export async function startCohereEmulator(options: { apiKey?: string } = {}): Promise<Emulator> {
  const apiKey = options.apiKey ?? COHERE_EMULATOR_KEY
  return startEmulator((request) => handle(request, apiKey))
}

function handle(request: RecordedRequest, apiKey: string): EmulatorAnswer {
  const auth = request.headers.authorization
  if (!auth) return error(401, 'no api key supplied')
  if (auth !== `Bearer ${apiKey}`) return error(401, 'invalid api token')
  const path = request.url.split('?')[0]
  if (request.method !== 'POST' || (path !== '/v2/chat' && path !== '/v2/embed')) return error(404, `${request.method} ${path} not found`)
  if (request.json === undefined) return error(400, 'invalid request: body must be valid JSON')
  return path === '/v2/chat' ? chat(request.json) : embed(request.json)
}

function chat(body: any): EmulatorAnswer {
  if (typeof body.model !== 'string') return error(400, 'invalid request: a model parameter is required for this endpoint.')
  if (!Array.isArray(body.messages) || body.messages.length === 0) return error(400, 'invalid request: messages must not be empty')
  if (body.tool_choice !== undefined && body.tool_choice !== 'REQUIRED' && body.tool_choice !== 'NONE') {
    return error(400, `invalid request: tool_choice must be one of REQUIRED, NONE - received ${JSON.stringify(body.tool_choice)}`)
  }
  const transcript = readTranscript(body)
  const lastUser = [...transcript.messages].reverse().find((message) => message.role === 'user' && message.text !== undefined)
  const scenario = pickScenario(lastUser?.text ?? '')
  const toolName: string | undefined = body.tools?.[0]?.function?.name
  let reply: { deltas: string[]; finish: string; tool?: string }
  switch (scenario) {
    case 'tool':
      reply = toolName && body.tool_choice !== 'NONE' ? { deltas: [], finish: 'TOOL_CALL', tool: toolName } : { deltas: TEXT_DELTAS, finish: 'COMPLETE' }
      break
    case 'length': reply = { deltas: LENGTH_DELTAS, finish: 'MAX_TOKENS' }; break
    case 'stop-sequence': reply = { deltas: TEXT_DELTAS.slice(0, 2), finish: 'STOP_SEQUENCE' }; break
    case 'filter': reply = { deltas: [REFUSAL_TEXT], finish: 'COMPLETE' }; break
    case 'echo': {
      const text = JSON.stringify(transcript)
      reply = { deltas: [text.slice(0, 10), text.slice(10)], finish: 'COMPLETE' }
      break
    }
    default: reply = { deltas: TEXT_DELTAS, finish: 'COMPLETE' }
  }
  return body.stream === true ? streamAnswer(reply) : jsonAnswer(reply)
}

function jsonAnswer(reply: { deltas: string[]; finish: string; tool?: string }): EmulatorAnswer {
  const message: Record<string, unknown> = { role: 'assistant' }
  if (reply.tool) {
    message.tool_plan = `I will use the ${reply.tool} tool.`
    message.tool_calls = [{ id: `${reply.tool}_emu0001`, type: 'function', function: { name: reply.tool, arguments: JSON.stringify(TOOL_ARGUMENTS) } }]
  } else {
    message.content = [{ type: 'text', text: reply.deltas.join('') }]
  }
  return { json: { id: newId(), message, finish_reason: reply.finish, usage: USAGE_BODY } }
}

/** One SSE event the way Cohere frames it: the type as `event:`, and again inside the JSON. */
export function cohereEvent(payload: { type: string } & Record<string, unknown>): string {
  return `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`
}

function streamAnswer(reply: { deltas: string[]; finish: string; tool?: string }): EmulatorAnswer {
  const events = [cohereEvent({ id: newId(), type: 'message-start', delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } })]
  if (reply.tool) {
    events.push(cohereEvent({ type: 'tool-plan-delta', delta: { message: { tool_plan: `I will use the ${reply.tool} tool.` } } }))
    events.push(cohereEvent({ type: 'tool-call-start', index: 0, delta: { message: { tool_calls: { id: `${reply.tool}_emu0001`, type: 'function', function: { name: reply.tool, arguments: '' } } } } }))
    for (const fragment of TOOL_ARGUMENT_FRAGMENTS) {
      events.push(cohereEvent({ type: 'tool-call-delta', index: 0, delta: { message: { tool_calls: { function: { arguments: fragment } } } } }))
    }
    events.push(cohereEvent({ type: 'tool-call-end', index: 0 }))
  } else {
    events.push(cohereEvent({ type: 'content-start', index: 0, delta: { message: { content: { type: 'text', text: '' } } } }))
    for (const text of reply.deltas) events.push(cohereEvent({ type: 'content-delta', index: 0, delta: { message: { content: { text } } } }))
    events.push(cohereEvent({ type: 'content-end', index: 0 }))
  }
  events.push(cohereEvent({ type: 'message-end', delta: { finish_reason: reply.finish, usage: USAGE_BODY } }))
  return { events, terminator: TERMINATOR }
}

function embed(body: any): EmulatorAnswer {
  if (typeof body.model !== 'string') return error(400, 'invalid request: a model parameter is required for this endpoint.')
  if (typeof body.input_type !== 'string') return error(400, 'invalid request: valid input_type must be provided with the provided model')
  if (!Array.isArray(body.texts) || body.texts.length === 0) return error(400, 'invalid request: texts must not be empty')
  if (body.texts.length > 96) return error(400, `invalid request: total number of texts must be at most 96 - received ${body.texts.length}`)
  const size = typeof body.output_dimension === 'number' ? body.output_dimension : 4
  const float = (body.texts as string[]).map((text, index) => Array.from({ length: size }, (_, k) => embeddingValue(text, index, k)))
  const types: string[] = Array.isArray(body.embedding_types) ? body.embedding_types : ['float']
  const embeddings: Record<string, unknown> = {}
  if (types.includes('float')) embeddings.float = float
  if (types.includes('int8')) embeddings.int8 = float.map((vector) => vector.map((value) => Math.round(value * 127)))
  const tokens = (body.texts as string[]).reduce((sum, text) => sum + text.split(/\s+/).filter(Boolean).length, 0)
  return {
    json: { id: newId(), texts: body.texts, embeddings, meta: { api_version: { version: '2' }, billed_units: { input_tokens: tokens } }, response_type: 'embeddings_by_type' },
  }
}

/** A deterministic value that float32 holds exactly, so base64 round trips compare equal. */
export function embeddingValue(text: string, index: number, position: number): number {
  return ((text.length + index * 3 + position * 5) % 16) / 16 - 0.5
}

function readTranscript(body: any): Transcript {
  const system: string[] = []
  const messages: TranscriptMessage[] = []
  for (const message of body.messages) {
    if (message.role === 'system') system.push(textOf(message.content))
    else if (message.role === 'user') {
      const images = Array.isArray(message.content)
        ? message.content.filter((part: any) => part.type === 'image_url').map((part: any) => imageLabel(part.image_url.url))
        : []
      messages.push({ role: 'user', text: textOf(message.content), ...(images.length ? { images } : {}) })
    } else if (message.role === 'assistant') {
      const entry: TranscriptMessage = { role: 'assistant' }
      const text = message.content !== undefined ? textOf(message.content) : message.tool_plan
      if (text) entry.text = text
      if (message.tool_calls?.length) {
        entry.toolCalls = message.tool_calls.map((call: any) => ({ id: call.id, name: call.function.name, arguments: JSON.parse(call.function.arguments || '{}') }))
      }
      messages.push(entry)
    } else if (message.role === 'tool') {
      messages.push({ role: 'user', toolResults: [{ id: message.tool_call_id, content: textOf(message.content) }] })
    }
  }
  const transcript: Transcript = { model: body.model, messages, stream: body.stream === true }
  if (system.length) transcript.system = system.join('\n')
  if (body.tools?.length) {
    transcript.tools = body.tools.map((tool: any) => tool.function.name)
    transcript.toolChoice = body.tool_choice === 'REQUIRED' ? 'required' : body.tool_choice === 'NONE' ? 'none' : 'auto'
  }
  if (body.max_tokens !== undefined) transcript.maxTokens = body.max_tokens
  if (body.temperature !== undefined) transcript.temperature = body.temperature
  if (body.p !== undefined) transcript.topP = body.p
  if (body.stop_sequences !== undefined) transcript.stop = body.stop_sequences
  if (body.response_format?.type === 'json_object') transcript.responseFormat = body.response_format.json_schema ? 'schema' : 'json'
  return transcript
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  if (Array.isArray(content)) return content.filter((part: any) => part.type === 'text').map((part: any) => part.text).join('')
  return ''
}

function imageLabel(url: string): string {
  const match = /^data:([^;,]+);base64,/.exec(url)
  return match ? `${match[1]};base64` : url
}

function error(status: number, message: string): EmulatorAnswer {
  return { status, json: { id: newId(), message } }
}

/** A fault answering with one error class exactly as Cohere sends it. */
export function errorFault(kind: ErrorKind): Fault {
  const body = (message: string) => ({ id: newId(), message })
  switch (kind) {
    case 'bad_request': return { status: 400, body: body('invalid request: temperature must be between 0 and 1.0 inclusive.') }
    case 'auth': return { status: 401, body: body('invalid api token') }
    case 'permission': return { status: 403, body: body('You do not have access to this model.') }
    case 'not_found': return { status: 404, body: body("model 'command-x' not found, make sure the correct model ID was used and that you have access to the model.") }
    case 'rate_limit': return { status: 429, headers: { 'retry-after': '0' }, body: body('You are using a Trial key, which is limited to 10 API calls / minute.') }
    case 'server': return { status: 500, body: body('internal server error, this has been reported to our developers') }
    case 'overloaded': return { status: 503, body: body('service unavailable') }
    case 'context_length': return { status: 400, body: body('too many tokens: total number of tokens in the prompt cannot exceed 4081 - received 4292. Try using a shorter prompt.') }
    case 'content_filter': return { status: 400, body: body('blocked output: please adjust your prompt and try again, as this generation may be a potential violation of our Usage Guidelines.') }
  }
}

/**
 * A 200 stream that fails the way Cohere reports it, before any content: message-end with
 * `finish_reason: ERROR` and `error`. With `afterContent`, one text delta arrives first.
 */
export function streamErrorFault(options: { afterContent?: boolean } = {}): Fault {
  const events = [cohereEvent({ id: newId(), type: 'message-start', delta: { message: { role: 'assistant', content: [] } } })]
  if (options.afterContent) {
    events.push(cohereEvent({ type: 'content-start', index: 0, delta: { message: { content: { type: 'text', text: '' } } } }))
    events.push(cohereEvent({ type: 'content-delta', index: 0, delta: { message: { content: { text: TEXT_DELTAS[0] } } } }))
  }
  events.push(cohereEvent({ type: 'message-end', delta: { finish_reason: 'ERROR', error: 'internal server error, this has been reported to our developers' } }))
  return { answer: { events, terminator: TERMINATOR } }
}

/** A 200 stream that sends some text, then fails with message-end `finish_reason: ERROR`. */
export function midStreamErrorFault(): Fault {
  return streamErrorFault({ afterContent: true })
}
