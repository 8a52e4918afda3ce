import * as v from 'valibot'

/*
 * Bedrock Runtime wire shapes (restJson1 protocol; blobs are base64 strings in JSON).
 * Request types are written by the gateway; response schemas are minimal (only the fields read).
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 */

/** One Converse content block, as the gateway sends it. */
export type ConverseContentBlock =
  | { text: string }
  | { image: { format: 'png' | 'jpeg' | 'gif' | 'webp'; source: { bytes: string } } }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | { toolResult: { toolUseId: string; content: Array<{ text: string }> } }

export interface ConverseMessage {
  role: 'user' | 'assistant'
  content: ConverseContentBlock[]
}

export interface ConverseToolConfig {
  tools: Array<{ toolSpec: { name: string; description?: string; inputSchema: { json: unknown } } }>
  toolChoice?: { auto: Record<string, never> } | { any: Record<string, never> } | { tool: { name: string } }
}

export interface ConverseInferenceConfig {
  maxTokens?: number
  temperature?: number
  topP?: number
  stopSequences?: string[]
}

/** The body of `POST /model/{modelId}/converse` and `/converse-stream`. */
export interface ConverseRequest {
  messages: ConverseMessage[]
  system?: Array<{ text: string }>
  inferenceConfig?: ConverseInferenceConfig
  toolConfig?: ConverseToolConfig
}

/** TokenUsage; `inputTokens` excludes cache reads and writes, which are reported beside it. */
export const TokenUsageSchema = v.object({
  inputTokens: v.nullish(v.number()),
  outputTokens: v.nullish(v.number()),
  totalTokens: v.nullish(v.number()),
  cacheReadInputTokens: v.nullish(v.number()),
  cacheWriteInputTokens: v.nullish(v.number()),
})
export type TokenUsage = v.InferOutput<typeof TokenUsageSchema>

const ResponseContentBlockSchema = v.object({
  text: v.nullish(v.string()),
  toolUse: v.nullish(v.object({ toolUseId: v.string(), name: v.string(), input: v.unknown() })),
})

export const ConverseResponseSchema = v.object({
  output: v.object({
    message: v.nullish(v.object({ content: v.nullish(v.array(ResponseContentBlockSchema)) })),
  }),
  stopReason: v.nullish(v.string()),
  usage: v.nullish(TokenUsageSchema),
})

/* ConverseStream event payloads, keyed by the frame's `:event-type` header. */

export const ContentBlockStartSchema = v.object({
  contentBlockIndex: v.nullish(v.number()),
  start: v.nullish(v.object({ toolUse: v.nullish(v.object({ toolUseId: v.string(), name: v.string() })) })),
})

export const ContentBlockDeltaSchema = v.object({
  contentBlockIndex: v.nullish(v.number()),
  delta: v.nullish(
    v.object({
      text: v.nullish(v.string()),
      toolUse: v.nullish(v.object({ input: v.nullish(v.string()) })),
    }),
  ),
})

export const MessageStopSchema = v.object({ stopReason: v.nullish(v.string()) })

export const StreamMetadataSchema = v.object({ usage: v.nullish(TokenUsageSchema) })

/** The payload of an exception frame and the body of an HTTP error (`message`; some AWS front ends say `Message`). */
export const ErrorBodySchema = v.object({
  message: v.nullish(v.string()),
  Message: v.nullish(v.string()),
  __type: v.nullish(v.string()),
  code: v.nullish(v.string()),
})

/** amazon.titan-embed-text-v1 / v2 InvokeModel response. */
export const TitanEmbeddingSchema = v.object({
  embedding: v.array(v.number()),
  inputTextTokenCount: v.nullish(v.number()),
})

/** cohere.embed-* InvokeModel response: floats, or `{ float: [...] }` when embedding_types was sent. */
export const CohereEmbeddingSchema = v.object({
  embeddings: v.union([v.array(v.array(v.number())), v.object({ float: v.array(v.array(v.number())) })]),
})
