import { type Emulator, type EmulatorAnswer, type Fault, type RecordedRequest, startEmulator } from './core'
import { lastUserText, transcriptOf, validateMessagesRequest } from './anthropic-request'
import {
  CACHE_READ_TOKENS, type ErrorKind, LENGTH_DELTAS, TEXT_DELTAS, TOOL_ARGUMENTS, TOOL_ARGUMENT_FRAGMENTS, USAGE, pickScenario,
} from './scenarios'

// An Anthropic Messages API emulator: `POST /v1/messages` (JSON and SSE) and `GET /v1/models`.
// @see https://docs.anthropic.com/en/api/messages and https://docs.anthropic.com/en/docs/build-with-claude/streaming

/** The key the emulator accepts unless another is given. */
export const ANTHROPIC_EMULATOR_KEY = 'sk-ant-emulator-key'
export const ANTHROPIC_EMULATOR_MODEL = 'claude-emulator'
const VERSIONS = ['2023-06-01', '2026-10-21']

/** Usage the emulator reports: input plus cache reads make USAGE.prompt, as OpenAI counts them. */
export const ANTHROPIC_EMULATOR_USAGE = {
  input_tokens: USAGE.prompt - CACHE_READ_TOKENS,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: CACHE_READ_TOKENS,
  output_tokens: USAGE.completion,
}

type Block = { type: 'text'; deltas: string[] } | { type: 'tool_use'; id: string; name: string; fragments: string[]; input: unknown }
interface Planned {
  blocks: Block[]
  stopReason: string
  stopSequence: string | null
}

/** Frames one Anthropic stream event: always an `event:` line naming the JSON `type`. */
export function anthropicEvent(data: { type: string } & Record<string, unknown>): string {
  return `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`
}

/** An Anthropic error body. */
export function anthropicErrorBody(type: string, message: string): Record<string, unknown> {
  return { type: 'error', error: { type, message }, request_id: 'req_emulator_error' }
}

const reject = (status: number, type: string, message: string): EmulatorAnswer => ({ status, json: anthropicErrorBody(type, message) })

/** Starts the Anthropic emulator on 127.0.0.1. */
export function startAnthropicEmulator(options: { apiKey?: string } = {}): Promise<Emulator> {
  const apiKey = options.apiKey ?? ANTHROPIC_EMULATOR_KEY
  let counter = 0
  return startEmulator((request: RecordedRequest) => {
    const path = request.url.split('?')[0]
    // Both the classic `x-api-key` and the 1.x SDK's `Authorization: Bearer` are accepted.
    const key = request.headers['x-api-key'] ?? request.headers.authorization?.replace(/^Bearer /, '')
    if (key === undefined) return reject(401, 'authentication_error', 'x-api-key header is required')
    if (key !== apiKey) return reject(401, 'authentication_error', 'invalid x-api-key')
    const version = request.headers['anthropic-version']
    if (version === undefined) return reject(400, 'invalid_request_error', 'anthropic-version: header is required')
    if (!VERSIONS.includes(String(version))) return reject(400, 'invalid_request_error', `anthropic-version: invalid version ${String(version)}`)
    if (request.method === 'GET' && path === '/v1/models') return { json: modelList() }
    if (request.method !== 'POST' || path !== '/v1/messages') return reject(404, 'not_found_error', 'Not found')
    const problem = validateMessagesRequest(request.json)
    if (problem) return reject(400, 'invalid_request_error', problem)
    counter += 1
    const id = `msg_emulator_${counter}`
    const planned = plan(request.json, counter)
    const headers = { 'request-id': `req_emulator_${counter}` }
    const model = request.json.model as string
    if (request.json.stream === true) return { headers, events: streamEvents(id, model, planned) }
    return { headers, json: message(id, model, planned) }
  })
}

function plan(body: any, counter: number): Planned {
  switch (pickScenario(lastUserText(body))) {
    case 'tool': {
      const name = body.tools?.[0]?.name ?? 'get_weather'
      return { blocks: [{ type: 'tool_use', id: `toolu_emulator_${counter}`, name, fragments: TOOL_ARGUMENT_FRAGMENTS, input: TOOL_ARGUMENTS }], stopReason: 'tool_use', stopSequence: null }
    }
    case 'length':
      return { blocks: [{ type: 'text', deltas: LENGTH_DELTAS }], stopReason: 'max_tokens', stopSequence: null }
    case 'filter':
      return { blocks: [], stopReason: 'refusal', stopSequence: null }
    case 'stop-sequence':
      return { blocks: [{ type: 'text', deltas: TEXT_DELTAS.slice(0, 2) }], stopReason: 'stop_sequence', stopSequence: body.stop_sequences?.[0] ?? '###' }
    case 'echo':
      return { blocks: [{ type: 'text', deltas: splitInThree(JSON.stringify(transcriptOf(body))) }], stopReason: 'end_turn', stopSequence: null }
    case 'text':
      return { blocks: [{ type: 'text', deltas: TEXT_DELTAS }], stopReason: 'end_turn', stopSequence: null }
  }
}

// Split on code points so that no delta carries half of a surrogate pair.
function splitInThree(text: string): string[] {
  const points = Array.from(text)
  const size = Math.ceil(points.length / 3)
  return [0, 1, 2].map((part) => points.slice(part * size, (part + 1) * size).join('')).filter((part) => part !== '')
}

function message(id: string, model: string, planned: Planned): Record<string, unknown> {
  const content = planned.blocks.map((block) =>
    block.type === 'text' ? { type: 'text', text: block.deltas.join('') } : { type: 'tool_use', id: block.id, name: block.name, input: block.input })
  return {
    id, type: 'message', role: 'assistant', model, content,
    stop_reason: planned.stopReason, stop_sequence: planned.stopSequence, usage: ANTHROPIC_EMULATOR_USAGE,
  }
}

function messageStart(id: string, model: string): string {
  const usage = { ...ANTHROPIC_EMULATOR_USAGE, output_tokens: 1 }
  return anthropicEvent({ type: 'message_start', message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage } })
}

function blockEvents(block: Block, index: number): string[] {
  if (block.type === 'text') {
    return [
      anthropicEvent({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }),
      ...block.deltas.map((text) => anthropicEvent({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } })),
    ]
  }
  return [
    anthropicEvent({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } }),
    ...block.fragments.map((partial_json) => anthropicEvent({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } })),
  ]
}

function streamEvents(id: string, model: string, planned: Planned): string[] {
  const events = [messageStart(id, model)]
  const ping = anthropicEvent({ type: 'ping' })
  if (planned.blocks.length === 0) events.push(ping)
  planned.blocks.forEach((block, index) => {
    const [start, ...deltas] = blockEvents(block, index)
    // Anthropic sends its ping right after the first block opens.
    events.push(start, ...(index === 0 ? [ping] : []), ...deltas, anthropicEvent({ type: 'content_block_stop', index }))
  })
  events.push(
    anthropicEvent({ type: 'message_delta', delta: { stop_reason: planned.stopReason, stop_sequence: planned.stopSequence }, usage: { output_tokens: USAGE.completion } }),
    anthropicEvent({ type: 'message_stop' }),
  )
  return events
}

function modelList(): Record<string, unknown> {
  const data = [{ type: 'model', id: ANTHROPIC_EMULATOR_MODEL, display_name: 'Claude Emulator', created_at: '2025-01-01T00:00:00Z' }]
  return { data, has_more: false, first_id: data[0].id, last_id: data[0].id }
}

/** An Anthropic error answer of the given class, with Anthropic's status, body and headers. */
export function errorFault(kind: ErrorKind): Fault {
  const error = (status: number, type: string, text: string, headers?: Record<string, string>): Fault =>
    ({ status, body: anthropicErrorBody(type, text), headers: { 'request-id': 'req_emulator_error', ...headers } })
  switch (kind) {
    case 'bad_request':
      return error(400, 'invalid_request_error', 'messages.0.content: Input should be a valid list')
    case 'auth':
      return error(401, 'authentication_error', 'invalid x-api-key')
    case 'permission':
      return error(403, 'permission_error', 'Your API key does not have permission to use the specified resource.')
    case 'not_found':
      return error(404, 'not_found_error', `model: ${ANTHROPIC_EMULATOR_MODEL}-missing`)
    case 'rate_limit':
      return error(429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit.', { 'retry-after': '0' })
    case 'server':
      return error(500, 'api_error', 'Internal server error')
    case 'overloaded':
      return error(529, 'overloaded_error', 'Overloaded')
    case 'context_length':
      return error(400, 'invalid_request_error', 'prompt is too long: 208310 tokens > 200000 maximum')
    case 'content_filter':
      return error(400, 'invalid_request_error', 'Output blocked by content filtering policy')
  }
}

const overloadedEvent = anthropicEvent({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })

/** A 200 stream whose first event after message_start is an overloaded `event: error`, before any content. */
export function streamErrorFault(): Fault {
  return { answer: { events: [messageStart('msg_emulator_error', ANTHROPIC_EMULATOR_MODEL), overloadedEvent] } }
}

/** A 200 stream that sends some text, then an overloaded `event: error`. */
export function midStreamErrorFault(): Fault {
  const [start, ...deltas] = blockEvents({ type: 'text', deltas: TEXT_DELTAS.slice(0, 2) }, 0)
  return { answer: { events: [messageStart('msg_emulator_cut', ANTHROPIC_EMULATOR_MODEL), start, anthropicEvent({ type: 'ping' }), ...deltas, overloadedEvent] } }
}
