import * as v from 'valibot'
import { GatewayError } from '../../worker/http/errors'
import type { ResponseContext } from '../types'
import { modelsListSchema } from './wire-schemas'

/**
 * Maps `GET /v1beta/models` onto the OpenAI model list (ids without the `models/` prefix). One
 * page of up to 1000 models is read, which covers the public catalogue.
 * @see https://ai.google.dev/api/models#method:-models.list
 */
export function fromModelsList(json: unknown, context: ResponseContext): Record<string, unknown> {
  const parsed = v.safeParse(modelsListSchema, json)
  if (!parsed.success) {
    throw new GatewayError(502, 'Gemini answered the model list with a body the gateway could not read.', { type: 'server_error', code: 'bad_upstream_response', provider: context.target.provider })
  }
  return {
    object: 'list',
    data: (parsed.output.models ?? []).map((model) => ({
      id: model.name.replace(/^models\//, ''),
      object: 'model',
      created: 0,
      owned_by: 'google',
    })),
  }
}
