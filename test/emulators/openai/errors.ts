import type { EmulatorAnswer, Fault } from '../core'
import type { ErrorKind } from '../scenarios'
import { TEXT_DELTAS } from '../scenarios'
import { randomId, sseData, type OpenAIFlavour } from './wire'

/** The OpenAI error envelope. */
export function envelope(message: string, type: string | null, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } }
}

/** An error answer in a flavour's own shape (used by the request checks of the emulator). */
export function errorAnswer(status: number, body: unknown, headers: Record<string, string> = {}): EmulatorAnswer {
  return { status, headers, json: body }
}

/** `Invalid URL (POST /v1/foo)`: OpenAI's answer to a path it does not serve. */
export function invalidUrl(method: string, path: string): EmulatorAnswer {
  return errorAnswer(404, envelope(`Invalid URL (${method} ${path})`, 'invalid_request_error', null))
}

/** A 400 for a malformed request, in the flavour's shape. */
export function badRequestAnswer(flavour: OpenAIFlavour, message: string, param: string | null = null): EmulatorAnswer {
  if (flavour === 'mistral') return errorAnswer(400, { object: 'error', message, type: 'invalid_request_error', param, code: null })
  return errorAnswer(400, envelope(message, 'invalid_request_error', null, param))
}

interface ErrorShape {
  status: number
  message: string
  type: string | null
  code: string | null
  param?: string | null
  headers?: Record<string, string>
}

// Messages and codes as OpenAI writes them (error-codes guide); `retry-after-ms: 0` keeps SDK retries instant.
const OPENAI_ERRORS: Record<ErrorKind, ErrorShape> = {
  bad_request: { status: 400, message: "Invalid value for 'temperature': expected a number between 0 and 2.", type: 'invalid_request_error', code: 'invalid_value', param: 'temperature' },
  auth: { status: 401, message: 'Incorrect API key provided: sk-emul***********1234. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', code: 'invalid_api_key' },
  permission: { status: 403, message: 'Country, region, or territory not supported', type: 'request_forbidden', code: 'unsupported_country_region_territory' },
  not_found: { status: 404, message: 'The model `gpt-unknown` does not exist or you do not have access to it.', type: 'invalid_request_error', code: 'model_not_found', param: 'model' },
  rate_limit: {
    status: 429,
    message: 'Rate limit reached for gpt-4o-mini in organization org-emulator on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.',
    type: 'requests',
    code: 'rate_limit_exceeded',
    headers: { 'retry-after-ms': '0', 'retry-after': '0', 'x-ratelimit-limit-requests': '3', 'x-ratelimit-remaining-requests': '0' },
  },
  server: { status: 500, message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null },
  overloaded: { status: 503, message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null, headers: { 'retry-after-ms': '0', 'retry-after': '0' } },
  context_length: {
    status: 400,
    message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens. Please reduce the length of the messages.",
    type: 'invalid_request_error',
    code: 'context_length_exceeded',
    param: 'messages',
  },
  content_filter: { status: 400, message: 'Your request was rejected as a result of our safety system.', type: 'invalid_request_error', code: 'content_policy_violation' },
}

/** The exact status, body and headers of an error class, in the flavour's format. */
export function errorFault(kind: ErrorKind, flavour: OpenAIFlavour = 'openai'): Fault {
  const shape = OPENAI_ERRORS[kind]
  const headers = { 'x-request-id': `req_${randomId(24)}`, ...shape.headers }
  return { status: shape.status, headers, body: flavourErrorBody(kind, shape, flavour) }
}

function flavourErrorBody(kind: ErrorKind, shape: ErrorShape, flavour: OpenAIFlavour): unknown {
  switch (flavour) {
    case 'azure':
      if (kind === 'content_filter') return azureContentFilterBody()
      if (kind === 'rate_limit') return { error: { code: '429', message: 'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current pricing tier. Please retry after 1 second.' } }
      return envelope(shape.message, shape.type, shape.code, shape.param ?? null)
    case 'mistral':
      return { object: 'error', message: shape.message, type: shape.type ?? 'invalid_request_error', param: shape.param ?? null, code: null }
    case 'openrouter':
      return { error: { code: shape.status, message: shape.message, metadata: { provider_name: 'OpenAI' } } }
    default:
      return envelope(shape.message, shape.type, shape.code, shape.param ?? null)
  }
}

/** Azure's answer to a prompt its content filter flags. */
export function azureContentFilterBody() {
  const safe = { filtered: false, severity: 'safe' }
  return {
    error: {
      message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
      type: null,
      param: 'prompt',
      code: 'content_filter',
      status: 400,
      innererror: {
        code: 'ResponsibleAIPolicyViolation',
        content_filter_result: { hate: safe, self_harm: safe, sexual: safe, violence: { filtered: true, severity: 'medium' } },
      },
    },
  }
}

/**
 * A 200 stream that fails after its first content event: the role chunk, one content chunk, then a
 * `data:` payload with a top-level `error` and no `[DONE]` (OpenRouter adds `finish_reason: "error"`
 * and a numeric code).
 */
export function streamErrorFault(flavour: OpenAIFlavour = 'openai'): Fault {
  const base = { id: `chatcmpl-${randomId(24)}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: 'gpt-4o-mini' }
  const chunk = (delta: Record<string, unknown>) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: null }] })
  const error =
    flavour === 'openrouter'
      ? { ...base, error: { code: 502, message: 'Provider returned error' }, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }] }
      : { error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } }
  const answer: EmulatorAnswer = {
    events: [sseData(chunk({ role: 'assistant', content: '', refusal: null })), sseData(chunk({ content: TEXT_DELTAS[0] })), sseData(error)],
  }
  return { answer }
}
