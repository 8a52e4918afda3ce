import { startEmulator, type Emulator, type EmulatorAnswer, type RecordedRequest } from './core'
import { checkAuth } from './openai/auth'
import { chatAnswer } from './openai/chat'
import { completionsAnswer } from './openai/completions'
import { embeddingsAnswer } from './openai/embeddings'
import { badRequestAnswer, envelope, errorAnswer, invalidUrl } from './openai/errors'
import { checkFlavour } from './openai/flavour-checks'
import { imagesAnswer } from './openai/images'
import { BASE_PATHS, matchRoute, type Route } from './openai/routes'
import { jsonAnswer, type AnswerContext, type OpenAIFlavour } from './openai/wire'

export { errorFault, streamErrorFault } from './openai/errors'
export { STOP_DELTAS } from './openai/chat-plan'
export { DEFAULT_DIMENSIONS, emulatedEmbedding } from './openai/embeddings'
export { TINY_PNG } from './openai/images'
export { BASE_PATHS } from './openai/routes'
export type { OpenAIFlavour } from './openai/wire'

export interface OpenAIEmulatorOptions {
  flavour?: OpenAIFlavour
  /** The only key accepted; without it any key is accepted (but one is required, except by Ollama). */
  apiKey?: string
  /** Model ids served by `GET /models`. */
  models?: string[]
}

export interface OpenAIEmulator extends Emulator {
  flavour: OpenAIFlavour
  /** The base URL an OpenAI-format client uses: `url` plus the flavour's base path (`/v1`, `/openai/v1`, …). */
  baseUrl: string
}

const DEFAULT_MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-3.5-turbo-instruct', 'text-embedding-3-small', 'dall-e-3', 'gpt-image-1']
const MODEL_CREATED = 1_700_000_000

/**
 * Starts an emulator speaking the OpenAI wire format exactly (chat, completions, embeddings,
 * images, models), or one OpenAI-format provider's version of it.
 */
export async function startOpenAIEmulator(options: OpenAIEmulatorOptions = {}): Promise<OpenAIEmulator> {
  const flavour = options.flavour ?? 'openai'
  const models = options.models ?? DEFAULT_MODELS
  const emulator = await startEmulator((request) => answer(request, flavour, options.apiKey, models))
  return Object.assign(emulator, { flavour, baseUrl: `${emulator.url}${BASE_PATHS[flavour]}` })
}

function answer(request: RecordedRequest, flavour: OpenAIFlavour, apiKey: string | undefined, models: string[]): EmulatorAnswer {
  const url = new URL(request.url, 'http://emulator')
  const route = matchRoute(flavour, request.method, url.pathname)
  if (!route) return invalidUrl(request.method, url.pathname)
  const denied = checkAuth(request, flavour, apiKey)
  if (denied) return denied
  // Azure's dated API answers a request without api-version as an unknown resource.
  if (flavour === 'azure' && !url.searchParams.get('api-version')) return errorAnswer(404, { error: { code: '404', message: 'Resource not found' } })
  if (route.operation === 'models') return jsonAnswer({ object: 'list', data: models.map(modelObject) })
  if (route.operation === 'model') {
    if (route.modelId && models.includes(route.modelId)) return jsonAnswer(modelObject(route.modelId))
    return errorAnswer(404, envelope(`The model '${route.modelId}' does not exist`, 'invalid_request_error', 'model_not_found', 'model'))
  }
  const body = request.json
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return badRequestAnswer(flavour, 'We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.')
  }
  const refused = checkFlavour(flavour, route.operation, body)
  if (refused) return refused
  const context: AnswerContext = { flavour, created: Math.floor(Date.now() / 1000), model: answerModel(body, route) }
  switch (route.operation) {
    case 'chat':
      return chatAnswer(body, context)
    case 'completions':
      return completionsAnswer(body, context)
    case 'embeddings':
      return embeddingsAnswer(body, context)
    case 'images':
      return imagesAnswer(body, context)
  }
}

function answerModel(body: Record<string, unknown>, route: Route): string {
  if (typeof body.model === 'string') return body.model
  return route.deployment ?? 'gpt-4o-mini'
}

function modelObject(id: string) {
  return { id, object: 'model', created: MODEL_CREATED, owned_by: id.startsWith('gpt') || id.startsWith('dall') ? 'openai' : 'system' }
}
