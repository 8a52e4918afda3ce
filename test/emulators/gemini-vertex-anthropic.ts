import { ANTHROPIC_EMULATOR_KEY, anthropicErrorBody, startAnthropicEmulator } from './anthropic'
import type { Emulator, EmulatorAnswer, RecordedRequest } from './core'

// Claude on Vertex AI (`:rawPredict`, `:streamRawPredict`): the Vertex checks happen here, the
// Messages API itself is the Anthropic emulator's, reached over HTTP with the model put back.
// @see https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude

export const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16'

/** The Anthropic emulator that answers for Claude on the Vertex emulator. */
export function startVertexAnthropicBackend(): Promise<Emulator> {
  return startAnthropicEmulator()
}

const reject = (message: string): EmulatorAnswer => ({ status: 400, json: anthropicErrorBody('invalid_request_error', message) })

/** Checks a rawPredict request as Vertex does, then relays the Anthropic emulator's answer. */
export async function answerAnthropicOnVertex(backend: Emulator, request: RecordedRequest, model: string, method: string): Promise<EmulatorAnswer> {
  if (method !== 'rawPredict' && method !== 'streamRawPredict') return { status: 404, json: { error: { code: 404, message: `Method ${method} not found.`, status: 'NOT_FOUND' } } }
  const body = request.json
  if (typeof body !== 'object' || body === null) return reject('Request body must be a JSON object.')
  if (body.anthropic_version !== VERTEX_ANTHROPIC_VERSION) return reject(`anthropic_version: must be '${VERTEX_ANTHROPIC_VERSION}' on Vertex AI`)
  if ('model' in body) return reject('model: Extra inputs are not permitted (the model is named in the URL)')
  if ((body.stream === true) !== (method === 'streamRawPredict')) return reject('stream must be true for streamRawPredict and absent for rawPredict')
  const { anthropic_version: _version, ...rest } = body
  const relayed = await fetch(`${backend.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': ANTHROPIC_EMULATOR_KEY, 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model, ...rest }),
  })
  const text = await relayed.text()
  if (!relayed.headers.get('content-type')?.startsWith('text/event-stream')) return { status: relayed.status, json: JSON.parse(text) }
  return { events: text.split(/(?<=\n\n)/).filter((event) => event !== '') }
}
