import { GatewayError } from '../../worker/http/errors'
import { anthropicError, buildAnthropicMessagesBody } from '../anthropic/index'
import type { OpenAIBody, Target, UpstreamRequest } from '../types'
import { vertexModelPath } from './vertex-url'

/** The `anthropic_version` Vertex AI requires in the body, in place of the header. */
export const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16'

/** Claude models are served by the Anthropic publisher on Vertex AI. */
export function isAnthropicModel(model: unknown): boolean {
  return typeof model === 'string' && model.startsWith('claude')
}

/**
 * The Messages API body for Claude on Vertex: the model moves into the URL, `anthropic_version`
 * into the body; `:streamRawPredict` streams the same SSE events as Anthropic's own API.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude
 */
export function toVertexAnthropicRequest(body: OpenAIBody, target: Target): UpstreamRequest {
  const { model, ...payload } = buildAnthropicMessagesBody(body, target)
  const stream = payload.stream === true
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (target.options.anthropicBeta) headers['anthropic-beta'] = target.options.anthropicBeta
  return {
    path: vertexModelPath(target, 'anthropic', String(model), stream ? 'streamRawPredict' : 'rawPredict'),
    method: 'POST',
    headers,
    body: JSON.stringify({ anthropic_version: VERTEX_ANTHROPIC_VERSION, ...payload }),
    stream,
  }
}

/** True for Anthropic's error shape (`{type: "error", error: {type, message}}`), not Google's. */
export function isAnthropicErrorBody(body: unknown): boolean {
  const error = (body as { error?: unknown } | null)?.error
  return typeof error === 'object' && error !== null && typeof (error as { type?: unknown }).type === 'string'
}

/** Anthropic's error mapping, attributed to vertex-ai. */
export function vertexAnthropicError(status: number, body: unknown, headers: Headers): GatewayError {
  const error = anthropicError(status, body, headers)
  return new GatewayError(error.status, error.message, {
    type: error.type, code: error.code, param: error.param, provider: 'vertex-ai', retryable: error.retryable, headers: error.headers,
  })
}
