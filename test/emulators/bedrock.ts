/*
 * Bedrock Runtime emulator. Wire facts and where they come from:
 * - Operations (Smithy model aws-sdk-js-v3 codegen/sdk-codegen/aws-models/bedrock-runtime.json):
 *   POST /model/{modelId}/converse, /converse-stream, /invoke; restJson1; SigV4 signing name
 *   "bedrock" (endpoint prefix bedrock-runtime), httpBearerAuth (Bedrock API keys) also allowed.
 * - Errors: body {"message"}, type in x-amzn-errortype ("Type:http://internal.amazon.com/…").
 *   Statuses from the model's @httpError: ValidationException 400, AccessDeniedException 403,
 *   ResourceNotFoundException 404, ThrottlingException 429, ModelNotReadyException 429,
 *   ModelTimeoutException 408, ModelErrorException / ModelStreamErrorException 424,
 *   InternalServerException 500, ServiceUnavailableException 503. Bad keys and signatures come
 *   from the AWS front end as 403 UnrecognizedClientException / InvalidSignatureException.
 * - Stream: application/vnd.amazon.eventstream (smithy-typescript eventstream-codec): prelude
 *   (total u32 BE, headers length u32 BE, CRC32), headers (name u8 len, type 7 = string with u16
 *   len), payload, message CRC32; :message-type event|exception, :event-type messageStart,
 *   contentBlockStart, contentBlockDelta, contentBlockStop, messageStop, metadata (after
 *   messageStop); :exception-type throttlingException, modelStreamErrorException, validationException,
 *   serviceUnavailableException, internalServerException (ConverseStreamOutput union members).
 * - stopReason values (StopReason enum): end_turn, tool_use, max_tokens, stop_sequence,
 *   guardrail_intervened, content_filtered, model_context_window_exceeded, malformed_*.
 * - TokenUsage inputTokens (excludes cache), outputTokens, totalTokens, cacheReadInputTokens,
 *   cacheWriteInputTokens (AWS API reference API_runtime_TokenUsage).
 * - Embeddings (Bedrock user guide, model parameters): Titan {inputText, dimensions?} →
 *   {embedding, inputTextTokenCount}; Cohere {texts, input_type} → {embeddings, id, response_type, texts}.
 */
import { randomUUID } from 'node:crypto'
import { startEmulator, type Emulator, type EmulatorAnswer, type Fault, type RecordedRequest } from './core'
import { USAGE, type ErrorKind } from './scenarios'
import { converseFrames, converseJson, planConverseAnswer } from './bedrock-converse'
import { eventFrame, exceptionFrame } from './bedrock-event-stream'
import { verifySigV4 } from './bedrock-sigv4'

export interface BedrockEmulatorOptions {
  accessKeyId?: string
  secretAccessKey?: string
  /** A Bedrock API key accepted as `Authorization: Bearer`; unset, bearer tokens are refused. */
  apiKey?: string
}

/** The credentials the emulator accepts unless told otherwise. */
export const BEDROCK_EMULATOR_CREDENTIALS = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator/Secret+Key0123456789abcdefEXAMPLE' }
export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream'
const CORAL = 'http://internal.amazon.com/coral/com.amazon.bedrock/'

/** Starts a Bedrock Runtime emulator that checks SigV4 signatures like AWS. */
export async function startBedrockEmulator(options: BedrockEmulatorOptions = {}): Promise<Emulator> {
  const credentials = {
    accessKeyId: options.accessKeyId ?? BEDROCK_EMULATOR_CREDENTIALS.accessKeyId,
    secretAccessKey: options.secretAccessKey ?? BEDROCK_EMULATOR_CREDENTIALS.secretAccessKey,
  }
  return startEmulator((request) => {
    const denied = checkAuthorization(request, credentials, options.apiKey)
    if (denied) return denied
    const match = /^\/model\/([^/]+)\/(converse|converse-stream|invoke)$/.exec(request.url.split('?')[0])
    if (request.method !== 'POST' || !match) return awsError(404, 'UnknownOperationException', 'Unknown operation.')
    if (request.json === undefined) return awsError(400, 'ValidationException', 'Malformed input request, please reformat your input and try again.')
    const modelId = decodeURIComponent(match[1])
    if (match[2] === 'invoke') return invoke(modelId, request.json)
    const plan = planConverseAnswer(modelId, request.json, match[2] === 'converse-stream')
    if (match[2] === 'converse') return { json: converseJson(plan), headers: { 'x-amzn-requestid': randomUUID() } }
    return { events: converseFrames(plan), headers: { 'content-type': EVENT_STREAM_CONTENT_TYPE, 'x-amzn-requestid': randomUUID() } }
  })
}

function checkAuthorization(request: RecordedRequest, credentials: { accessKeyId: string; secretAccessKey: string }, apiKey?: string): EmulatorAnswer | undefined {
  const authorization = String(request.headers.authorization ?? '')
  if (authorization.startsWith('Bearer ')) {
    return apiKey !== undefined && authorization === `Bearer ${apiKey}` ? undefined : awsError(403, 'UnrecognizedClientException', 'Invalid API Key format: Must start with pre-defined prefix')
  }
  if (authorization === '') return awsError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token')
  const check = verifySigV4(request, credentials)
  return check.ok ? undefined : awsError(403, check.type, check.message)
}

function invoke(modelId: string, body: any): EmulatorAnswer {
  if (/amazon\.titan-embed-/.test(modelId)) {
    if (typeof body.inputText !== 'string') return awsError(400, 'ValidationException', 'Malformed input request: #: required key [inputText] not found, please reformat your input and try again.')
    const dimensions = body.dimensions ?? (modelId.includes('v2') ? 1024 : 1536)
    return { json: { embedding: vector(body.inputText, dimensions), inputTextTokenCount: USAGE.prompt } }
  }
  if (/cohere\.embed-/.test(modelId)) {
    if (!Array.isArray(body.texts) || typeof body.input_type !== 'string') return awsError(400, 'ValidationException', 'Malformed input request: texts and input_type are required, please reformat your input and try again.')
    return { json: { embeddings: body.texts.map((text: string) => vector(text, 1024)), id: randomUUID(), response_type: 'embeddings_floats', texts: body.texts } }
  }
  return awsError(400, 'ValidationException', 'The provided model identifier is invalid.')
}

// Deterministic per text: element 0 is the text's length, so tests can tell inputs apart.
function vector(text: string, dimensions: number): number[] {
  return Array.from({ length: dimensions }, (_, index) => (index === 0 ? text.length : ((text.length + index) % 7) / 8))
}

function awsError(status: number, type: string, message: string): EmulatorAnswer {
  return { status, headers: { 'x-amzn-errortype': `${type}:${CORAL}`, 'x-amzn-requestid': randomUUID() }, json: { message } }
}

const ERRORS: Record<ErrorKind, [number, string, string]> = {
  bad_request: [400, 'ValidationException', 'Malformed input request, please reformat your input and try again.'],
  auth: [403, 'UnrecognizedClientException', 'The security token included in the request is invalid.'],
  permission: [403, 'AccessDeniedException', "You don't have access to the model with the specified model ID."],
  not_found: [404, 'ResourceNotFoundException', 'Could not resolve the foundation model from the provided model identifier.'],
  rate_limit: [429, 'ThrottlingException', 'Too many requests, please wait before trying again.'],
  server: [500, 'InternalServerException', 'The system encountered an unexpected error during processing. Try your request again.'],
  overloaded: [503, 'ServiceUnavailableException', 'Bedrock is unable to process your request.'],
  context_length: [400, 'ValidationException', 'Input is too long for requested model.'],
  content_filter: [400, 'ValidationException', 'This request has been blocked by our content filters.'],
}

/** A fault answering with Bedrock's exact error for a kind (status, x-amzn-errortype, {message}). */
export function errorFault(kind: ErrorKind): Fault {
  const [status, type, message] = ERRORS[kind]
  return { status, headers: { 'x-amzn-errortype': `${type}:${CORAL}`, 'x-amzn-requestid': randomUUID() }, body: { message } }
}

/** A 200 event stream whose first frame is an exception (before any content). */
export function streamExceptionFault(exceptionType = 'throttlingException', message = 'Too many requests, please wait before trying again.'): Fault {
  return { answer: { status: 200, headers: { 'content-type': EVENT_STREAM_CONTENT_TYPE }, events: [exceptionFrame(exceptionType, message)] } }
}

/** A 200 event stream that starts answering, then fails with an exception frame. */
export function midStreamExceptionFault(exceptionType = 'modelStreamErrorException', message = 'The model stream failed. Retry your request.'): Fault {
  const events = [
    eventFrame('messageStart', { role: 'assistant' }),
    eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hello' } }),
    exceptionFrame(exceptionType, message),
  ]
  return { answer: { status: 200, headers: { 'content-type': EVENT_STREAM_CONTENT_TYPE }, events } }
}
