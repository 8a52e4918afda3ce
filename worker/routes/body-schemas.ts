import * as v from 'valibot'
import type { Endpoint } from '../../providers/types'

// Loose schemas: only what the gateway itself relies on is checked; every other OpenAI parameter
// passes through untouched, so new OpenAI parameters work without a gateway release.

const common = {
  model: v.optional(v.string('must be a string')),
  stream: v.optional(v.nullable(v.boolean('must be a boolean'))),
  stream_options: v.optional(v.nullable(v.looseObject({ include_usage: v.optional(v.nullable(v.boolean('must be a boolean'))) }))),
  n: v.optional(v.nullable(v.pipe(v.number('must be a number'), v.integer('must be an integer'), v.minValue(1, 'must be at least 1')))),
}

const message = v.looseObject({
  role: v.string('must be a string'),
  content: v.optional(v.nullable(v.union([v.string(), v.array(v.looseObject({ type: v.string('must be a string') }))], 'must be a string or an array of content parts'))),
})

const chat = v.looseObject({
  ...common,
  messages: v.pipe(v.array(message, 'must be an array of messages'), v.minLength(1, 'must contain at least one message')),
  tools: v.optional(v.nullable(v.array(v.looseObject({ type: v.string('must be a string') }), 'must be an array of tools'))),
})

const completions = v.looseObject({
  ...common,
  prompt: v.union([v.string(), v.array(v.unknown())], 'must be a string or an array'),
})

const embeddings = v.looseObject({
  model: common.model,
  input: v.union([v.string(), v.array(v.unknown())], 'must be a string or an array'),
  encoding_format: v.optional(v.nullable(v.picklist(['float', 'base64'], "must be 'float' or 'base64'"))),
})

const images = v.looseObject({
  model: common.model,
  prompt: v.string('must be a string'),
  n: common.n,
  size: v.optional(v.nullable(v.string('must be a string'))),
  response_format: v.optional(v.nullable(v.picklist(['url', 'b64_json'], "must be 'url' or 'b64_json'"))),
})

export const bodySchemas: Partial<Record<Endpoint, v.GenericSchema>> = { chat, completions, embeddings, images }
