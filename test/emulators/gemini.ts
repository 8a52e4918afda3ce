import { type Emulator, type EmulatorAnswer, type Fault, type RecordedRequest, startEmulator } from './core'
import { createTestServiceAccount } from './gemini-auth'
import { lastUserText, transcriptOf, validateGenerateContent } from './gemini-request'
import { geminiEmbedAnswer } from './gemini-embeddings'
import { answerAnthropicOnVertex, startVertexAnthropicBackend } from './gemini-vertex-anthropic'
import { tokenEndpoint } from './gemini-token-endpoint'
import { CACHE_READ_TOKENS, type ErrorKind, LENGTH_DELTAS, TEXT_DELTAS, TOOL_ARGUMENTS, USAGE, pickScenario } from './scenarios'

// A Gemini API emulator (and, with `vertex: true`, a Vertex AI one): generateContent,
// streamGenerateContent (SSE only with alt=sse: one `data:` line per event, no terminator, running
// usage totals on every chunk, STOP even for function calls), embeddings and the model list.
// @see https://ai.google.dev/api/generate-content and https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest

export const GEMINI_EMULATOR_KEY = 'gemini-emulator-key'
export const GEMINI_EMULATOR_MODEL = 'gemini-2.5-flash'
/** A thought signature the emulator puts on Gemini 3 function calls (opaque base64 text). */
export const EMULATOR_THOUGHT_SIGNATURE = 'ZW11bGF0b3Itc2lnbmF0dXJl'

export interface GeminiEmulatorOptions {
  apiKey?: string
  /** Serve Vertex AI paths, require a Bearer token and serve `POST /token`. */
  vertex?: boolean
  /** Vertex: public keys (SPKI PEM) of the service accounts the token endpoint trusts, by client_email. */
  trustedAccounts?: Record<string, string>
}

export interface GeminiEmulator extends Emulator {
  /** Vertex: a service-account JSON trusted by `/token`, whose token_uri points at this emulator. */
  serviceAccount?: string
  /** Vertex: every access token issued so far (all are accepted). */
  issuedTokens: Set<string>
}

type Json = Record<string, any>
type Scenario = { parts: Json[][]; finishReason: string; safety?: boolean }

/** Starts the Gemini (or Vertex AI) emulator on 127.0.0.1. */
export async function startGeminiEmulator(options: GeminiEmulatorOptions = {}): Promise<GeminiEmulator> {
  const apiKey = options.apiKey ?? GEMINI_EMULATOR_KEY
  const vertex = options.vertex === true
  const trusted = new Map(Object.entries(options.trustedAccounts ?? {}))
  const issuedTokens = new Set<string>()
  const anthropic = vertex ? await startVertexAnthropicBackend() : undefined
  let account: ReturnType<typeof createTestServiceAccount> | undefined
  let counter = 0

  const emulator = await startEmulator(async (request: RecordedRequest) => {
    const url = new URL(request.url, 'http://emulator')
    if (vertex && request.method === 'POST' && url.pathname === '/token') {
      return tokenEndpoint(request, `http://${request.headers.host}/token`, trusted, issuedTokens)
    }
    const denied = vertex ? checkBearer(request, issuedTokens) : checkKey(request, url, apiKey)
    if (denied) return denied
    if (!vertex && request.method === 'GET' && /^\/v1(beta)?\/models$/.test(url.pathname)) return { json: modelList() }
    const route = vertex
      ? /^\/v1(?:beta1)?\/projects\/[^/]+\/locations\/[^/]+\/publishers\/(google|anthropic)\/models\/([^/:]+):(\w+)$/.exec(url.pathname)
      : /^\/v1(?:beta)?\/()models\/([^/:]+):(\w+)$/.exec(url.pathname)
    if (!route || request.method !== 'POST') return googleError(404, 'NOT_FOUND', `The requested URL ${url.pathname} was not found on this server.`)
    const [, publisher, model, method] = route
    if (publisher === 'anthropic') return answerAnthropicOnVertex(anthropic!, request, model, method)
    if (method === 'embedContent' || method === 'batchEmbedContents' || method === 'predict') return geminiEmbedAnswer(request.json, model, method)
    if (method !== 'generateContent' && method !== 'streamGenerateContent') return googleError(404, 'NOT_FOUND', `Method ${method} is not found for models/${model}.`)
    const problem = validateGenerateContent(request.json, { model, vertex })
    if (problem) return googleError(400, 'INVALID_ARGUMENT', problem)
    counter += 1
    return generate(request.json, model, method === 'streamGenerateContent', url.searchParams.get('alt') === 'sse', `emulator-response-${counter}`)
  })

  if (vertex) {
    account = createTestServiceAccount(`${emulator.url}/token`)
    trusted.set(account.clientEmail, account.publicKeyPem)
  }
  const close = emulator.close
  return Object.assign(emulator, {
    serviceAccount: account?.json,
    issuedTokens,
    async close() {
      await anthropic?.close()
      await close()
    },
  })
}

function checkKey(request: RecordedRequest, url: URL, apiKey: string): EmulatorAnswer | undefined {
  const key = request.headers['x-goog-api-key'] ?? url.searchParams.get('key') ?? undefined
  if (key === undefined) {
    return googleError(403, 'PERMISSION_DENIED', 'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.')
  }
  return key === apiKey ? undefined : apiKeyInvalid()
}

function checkBearer(request: RecordedRequest, issued: Set<string>): EmulatorAnswer | undefined {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
  if (token && issued.has(token)) return undefined
  return googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.')
}

/** A Google API error body. */
export function googleErrorBody(code: number, status: string, message: string, details?: Json[]): Json {
  return { error: { code, message, status, ...(details ? { details } : {}) } }
}

const googleError = (code: number, status: string, message: string, details?: Json[]): EmulatorAnswer => ({ status: code, json: googleErrorBody(code, status, message, details) })

const API_KEY_INVALID_DETAILS = [
  { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
  { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: 'API key not valid. Please pass a valid API key.' },
]
const apiKeyInvalid = () => googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', API_KEY_INVALID_DETAILS)

function plan(body: Json, model: string, transcriptText: () => string): Scenario {
  switch (pickScenario(lastUserText(body))) {
    case 'tool': {
      const name = body.tools?.[0]?.functionDeclarations?.[0]?.name ?? 'get_weather'
      const part: Json = { functionCall: { name, args: TOOL_ARGUMENTS } }
      if (/gemini-([3-9]|\d{2,})/.test(model)) part.thoughtSignature = EMULATOR_THOUGHT_SIGNATURE
      return { parts: [[part]], finishReason: 'STOP' }
    }
    case 'length':
      return { parts: LENGTH_DELTAS.map((text) => [{ text }]), finishReason: 'MAX_TOKENS' }
    case 'filter':
      return { parts: [[]], finishReason: 'SAFETY', safety: true }
    case 'stop-sequence':
      return { parts: TEXT_DELTAS.slice(0, 2).map((text) => [{ text }]), finishReason: 'STOP' }
    case 'echo':
      return { parts: splitInThree(transcriptText()).map((text) => [{ text }]), finishReason: 'STOP' }
    case 'text':
      return { parts: TEXT_DELTAS.map((text) => [{ text }]), finishReason: 'STOP' }
  }
}

// Split on code points so that no chunk carries half of a surrogate pair.
function splitInThree(text: string): string[] {
  const points = Array.from(text)
  const size = Math.ceil(points.length / 3)
  return [0, 1, 2].map((part) => points.slice(part * size, (part + 1) * size).join('')).filter((part) => part !== '')
}

const SAFETY_RATINGS = [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true }]

/** Running usage after `done` of `total` chunks: candidates grow to USAGE.completion on the last. */
function usageAt(done: number, total: number): Json {
  const candidates = Math.round((USAGE.completion * done) / total)
  return {
    promptTokenCount: USAGE.prompt,
    ...(candidates > 0 ? { candidatesTokenCount: candidates } : {}),
    totalTokenCount: USAGE.prompt + candidates,
    cachedContentTokenCount: CACHE_READ_TOKENS,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: USAGE.prompt }],
  }
}

function candidates(parts: Json[], count: number, finishReason?: string, safety?: boolean): Json[] {
  return Array.from({ length: count }, (_, index) => ({
    ...(parts.length > 0 ? { content: { parts, role: 'model' } } : {}),
    ...(finishReason ? { finishReason } : {}),
    ...(safety ? { safetyRatings: SAFETY_RATINGS } : {}),
    index,
  }))
}

function generate(body: Json, model: string, stream: boolean, sse: boolean, responseId: string): EmulatorAnswer {
  const scenario = plan(body, model, () => JSON.stringify(transcriptOf(body, model, stream)))
  const count = body.generationConfig?.candidateCount ?? 1
  const envelope = (candidateList: Json[], usage: Json) => ({ candidates: candidateList, usageMetadata: usage, modelVersion: model, responseId })
  if (!stream) {
    const parts = mergeText(scenario.parts.flat())
    return { json: envelope(candidates(parts, count, scenario.finishReason, scenario.safety), usageAt(1, 1)) }
  }
  const chunks = scenario.parts.map((parts, index) => {
    const last = index === scenario.parts.length - 1
    return envelope(candidates(parts, count, last ? scenario.finishReason : undefined, last && scenario.safety), usageAt(index + 1, scenario.parts.length))
  })
  const headers = { 'content-disposition': 'attachment' }
  // Without alt=sse Gemini streams one JSON array of the same chunks.
  if (!sse) return { headers: { ...headers, 'content-type': 'application/json' }, bytes: JSON.stringify(chunks) }
  return { headers, events: chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`) }
}

function mergeText(parts: Json[]): Json[] {
  const text = parts.filter((part) => typeof part.text === 'string').map((part) => part.text).join('')
  const others = parts.filter((part) => typeof part.text !== 'string')
  return [...(text !== '' ? [{ text }] : []), ...others]
}

function modelList(): Json {
  return {
    models: [
      { name: `models/${GEMINI_EMULATOR_MODEL}`, version: '001', displayName: 'Gemini 2.5 Flash', inputTokenLimit: 1048576, outputTokenLimit: 65536, supportedGenerationMethods: ['generateContent', 'countTokens'] },
      { name: 'models/gemini-embedding-001', version: '001', displayName: 'Gemini Embedding 001', inputTokenLimit: 2048, outputTokenLimit: 1, supportedGenerationMethods: ['embedContent'] },
    ],
  }
}

/** A Google error answer of the given class, with Google's status, body and details. */
export function errorFault(kind: ErrorKind, options: { vertex?: boolean } = {}): Fault {
  const error = (code: number, status: string, message: string, details?: Json[]): Fault => ({ status: code, body: googleErrorBody(code, status, message, details) })
  switch (kind) {
    case 'bad_request':
      return error(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received. Unknown name "foo": Cannot find field.', [
        { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ description: 'Invalid JSON payload received. Unknown name "foo": Cannot find field.' }] },
      ])
    case 'auth':
      return options.vertex
        ? error(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.')
        : error(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', API_KEY_INVALID_DETAILS)
    case 'permission':
      return error(403, 'PERMISSION_DENIED', 'Permission denied: Consumer \'api_key:emulator\' has been suspended.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'CONSUMER_SUSPENDED', domain: 'googleapis.com' },
      ])
    case 'not_found':
      return error(404, 'NOT_FOUND', `models/${GEMINI_EMULATOR_MODEL}-missing is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`)
    case 'rate_limit':
      // A real RetryInfo is tens of seconds; 0s keeps suites that honour it fast.
      return error(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.', [
        { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' }] },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0s' },
      ])
    case 'server':
      return error(500, 'INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting')
    case 'overloaded':
      return error(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.')
    case 'context_length':
      return error(400, 'INVALID_ARGUMENT', 'The input token count (1048577) exceeds the maximum number of tokens allowed (1048576).')
    case 'content_filter':
      // Gemini does not refuse with an error status: a blocked prompt is a 200 without candidates.
      return { answer: { json: { promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: USAGE.prompt, totalTokenCount: USAGE.prompt }, modelVersion: GEMINI_EMULATOR_MODEL, responseId: 'emulator-blocked' } } }
  }
}

const overloadedChunk = `data: ${JSON.stringify(googleErrorBody(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'))}\n\n`

function textChunk(text: string, done: number): string {
  return `data: ${JSON.stringify({ candidates: candidates([{ text }], 1), usageMetadata: usageAt(done, TEXT_DELTAS.length), modelVersion: GEMINI_EMULATOR_MODEL, responseId: 'emulator-error' })}\n\n`
}

/** A 200 stream whose first event is an `error` chunk, before any content. */
export function streamErrorFault(): Fault {
  return { answer: { headers: { 'content-disposition': 'attachment' }, events: [overloadedChunk] } }
}

/** A 200 stream that sends some text, then an `error` chunk. */
export function midStreamErrorFault(): Fault {
  return { answer: { headers: { 'content-disposition': 'attachment' }, events: [textChunk(TEXT_DELTAS[0], 1), textChunk(TEXT_DELTAS[1], 2), overloadedChunk] } }
}
