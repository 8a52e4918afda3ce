import { badRequest } from '../../worker/http/errors'
import type { OpenAIBody } from '../types'
import { mapGenerationConfig } from './map-generation-config'
import { mapMessages } from './map-messages'
import { mapToolChoice, mapTools } from './map-tools'

/**
 * Builds the `generateContent` body (shared by the Gemini API and Vertex AI) from an OpenAI chat
 * request. `stream` is not part of it: Gemini picks streaming by method name in the URL.
 * `safety_settings` (a gateway extension, as in other gateways) passes through as `safetySettings`.
 * Dropped, having no Gemini equivalent: user, metadata, store, parallel_tool_calls, logit_bias,
 * service_tier, prediction, modalities, audio, web_search_options.
 * @see https://ai.google.dev/api/generate-content#request-body
 */
export function buildGenerateContentBody(body: OpenAIBody, model: string): Record<string, unknown> {
  const { contents, systemInstruction } = mapMessages(body.messages, model)
  const request: Record<string, unknown> = { contents }
  if (systemInstruction) request.systemInstruction = systemInstruction
  const tools = mapTools(body.tools)
  if (tools) request.tools = tools
  const toolConfig = mapToolChoice(body.tool_choice)
  if (toolConfig) request.toolConfig = toolConfig
  const generationConfig = mapGenerationConfig(body, model)
  if (generationConfig) request.generationConfig = generationConfig
  if (Array.isArray(body.safety_settings)) request.safetySettings = body.safety_settings
  return request
}

/** The model as the request names it, or a 400 when there is none. */
export function requireModel(body: OpenAIBody): string {
  if (typeof body.model !== 'string' || body.model === '') throw badRequest('model is required.', 'model')
  return body.model
}

/**
 * `models/{model}`, the resource name Gemini wants (tuned models keep their own prefix). The name
 * goes into the URL path, so anything but a plain model id is refused rather than let it reach
 * another method or resource with the account's key.
 */
export function geminiModelName(model: string): string {
  const match = /^(models\/|tunedModels\/)?([A-Za-z0-9][A-Za-z0-9._-]*)$/.exec(model)
  if (!match || match[2].includes('..')) throw badRequest(`'${model.slice(0, 100)}' is not a valid Gemini model name.`, 'model')
  return `${match[1] ?? 'models/'}${match[2]}`
}
