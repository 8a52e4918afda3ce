import * as v from 'valibot'

// Minimal schemas for what the gateway reads from Anthropic; everything else is ignored.
// @see https://docs.anthropic.com/en/api/messages

/** Token counts of a message; every field may be absent or null. */
export const AnthropicUsageSchema = v.object({
  input_tokens: v.nullish(v.number()),
  output_tokens: v.nullish(v.number()),
  cache_creation_input_tokens: v.nullish(v.number()),
  cache_read_input_tokens: v.nullish(v.number()),
})
export type AnthropicUsage = v.InferOutput<typeof AnthropicUsageSchema>

/** A response content block (`text`, `tool_use`, `thinking`, server-tool blocks...). */
export const AnthropicContentBlockSchema = v.object({
  type: v.string(),
  text: v.nullish(v.string()),
  id: v.nullish(v.string()),
  name: v.nullish(v.string()),
  input: v.nullish(v.unknown()),
})

/** A non-streaming Messages API response (`type: "message"`). */
export const AnthropicMessageSchema = v.object({
  id: v.nullish(v.string()),
  model: v.nullish(v.string()),
  content: v.array(AnthropicContentBlockSchema),
  stop_reason: v.nullish(v.string()),
  usage: v.nullish(AnthropicUsageSchema),
})

/** The `error` object of an error body or an `event: error` payload. */
export const AnthropicErrorBodySchema = v.object({
  error: v.object({
    type: v.nullish(v.string()),
    message: v.nullish(v.string()),
    details: v.nullish(v.object({ error_code: v.nullish(v.string()) })),
  }),
})

/** Every stream event carries its name in `type`. */
export const StreamEventTypeSchema = v.object({ type: v.string() })

export const MessageStartEventSchema = v.object({
  message: v.object({ id: v.nullish(v.string()), model: v.nullish(v.string()), usage: v.nullish(AnthropicUsageSchema) }),
})

export const ContentBlockStartEventSchema = v.object({
  index: v.number(),
  content_block: AnthropicContentBlockSchema,
})

export const ContentBlockDeltaEventSchema = v.object({
  index: v.number(),
  delta: v.object({ type: v.string(), text: v.nullish(v.string()), partial_json: v.nullish(v.string()) }),
})

export const MessageDeltaEventSchema = v.object({
  delta: v.object({ stop_reason: v.nullish(v.string()) }),
  usage: v.nullish(AnthropicUsageSchema),
})

/** `GET /v1/models` page. */
export const AnthropicModelListSchema = v.object({
  data: v.array(v.object({ id: v.string(), created_at: v.nullish(v.string()) })),
})
