import * as v from 'valibot'
import { unreadableAnthropicResponse } from './upstream-response-error'
import { AnthropicModelListSchema } from './wire-schemas'

/**
 * Maps Anthropic's `GET /v1/models` page onto the OpenAI model list (`created` from `created_at`).
 * @see https://docs.anthropic.com/en/api/models-list
 */
export function fromAnthropicModelList(json: unknown): unknown {
  const parsed = v.safeParse(AnthropicModelListSchema, json)
  if (!parsed.success) throw unreadableAnthropicResponse()
  return {
    object: 'list',
    data: parsed.output.data.map((model) => ({
      id: model.id,
      object: 'model',
      created: Math.floor(Date.parse(model.created_at ?? '') / 1000) || 0,
      owned_by: 'anthropic',
    })),
  }
}
