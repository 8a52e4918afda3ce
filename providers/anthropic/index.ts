import type { EndpointAdapter, ProviderAdapter, Target } from '../types'
import { anthropicError } from './anthropic-error'
import { buildAnthropicMessagesBody } from './build-anthropic-messages-body'
import { anthropicStreamMapper } from './create-anthropic-stream-transform'
import { fromAnthropicMessage } from './from-anthropic-message'
import { fromAnthropicModelList } from './from-anthropic-model-list'

export { anthropicError, statusOfAnthropicErrorType } from './anthropic-error'
export { ANTHROPIC_DROPPED_PARAMETERS, DEFAULT_MAX_TOKENS, JSON_OBJECT_INSTRUCTION, buildAnthropicMessagesBody } from './build-anthropic-messages-body'
export { anthropicStreamMapper, createAnthropicStreamTransform } from './create-anthropic-stream-transform'
export { fromAnthropicMessage } from './from-anthropic-message'
export { mapAnthropicStopReason } from './map-anthropic-stop-reason'
export { mapAnthropicUsage } from './map-anthropic-usage'

/** The `anthropic-version` sent unless the target sets `anthropicVersion`. */
export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01'
/** One page holds every model Anthropic lists (its maximum page size). */
const MODELS_PATH = '/v1/models?limit=1000'

/** Version and beta headers of every Anthropic request; no credentials. */
function anthropicHeaders(target: Target): Record<string, string> {
  const headers: Record<string, string> = { 'anthropic-version': target.options.anthropicVersion || DEFAULT_ANTHROPIC_VERSION }
  if (target.options.anthropicBeta) headers['anthropic-beta'] = target.options.anthropicBeta
  return headers
}

const chat: EndpointAdapter = {
  toUpstream(body, target) {
    const payload = buildAnthropicMessagesBody(body, target)
    return {
      path: '/v1/messages',
      method: 'POST',
      headers: { 'content-type': 'application/json', ...anthropicHeaders(target) },
      body: JSON.stringify(payload),
      stream: payload.stream === true,
    }
  },
  fromUpstream: fromAnthropicMessage,
  streamTransform: anthropicStreamMapper,
  toError: anthropicError,
}

const models: EndpointAdapter = {
  toUpstream: (_body, target) => ({ path: MODELS_PATH, method: 'GET', headers: anthropicHeaders(target), stream: false }),
  fromUpstream: fromAnthropicModelList,
  toError: anthropicError,
}

/**
 * The Anthropic Messages API adapter: OpenAI chat completions (JSON and stream) and the model list.
 * @see https://docs.anthropic.com/en/api/messages
 */
export const anthropicAdapter: ProviderAdapter = {
  id: 'anthropic',
  baseUrl: () => 'https://api.anthropic.com',
  authenticate(request, target) {
    if (target.apiKey) request.headers.set('x-api-key', target.apiKey)
  },
  endpoints: { chat, models },
  // Anthropic continues a trailing assistant message, which lets the executor resume a cut stream.
  capabilities: { prefill: true },
}
