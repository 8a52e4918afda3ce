/**
 * Minimal valibot schemas for what the Cohere adapter reads from Cohere v2 answers: only the
 * fields used, everything else `nullish` or ignored.
 *
 * Wire facts, from the official SDK types (cohere-ai/cohere-typescript `src/api/types`,
 * `src/api/resources/v2`) and https://docs.cohere.com/v2/reference/chat,
 * https://docs.cohere.com/v2/reference/chat-stream, https://docs.cohere.com/v2/reference/embed,
 * https://docs.cohere.com/v2/docs/streaming, https://docs.cohere.com/v2/reference/errors:
 * - `POST /v2/chat` answers `{id, finish_reason, message: {role, content: [{type: "text"|"thinking",
 *   text|thinking}], tool_plan?, tool_calls?: [{id, type: "function", function: {name, arguments}}]},
 *   usage: {billed_units: {input_tokens, output_tokens}, tokens: {input_tokens, output_tokens},
 *   cached_tokens?}}`; `finish_reason` is COMPLETE | STOP_SEQUENCE | MAX_TOKENS | TOOL_CALL | ERROR | TIMEOUT.
 * - With `stream: true` the answer is SSE: each event has an `event:` line and one `data:` JSON with the
 *   same name in `type` (message-start, content-start, content-delta, content-end, tool-plan-delta,
 *   tool-call-start, tool-call-delta, tool-call-end, citation-start, citation-end, message-end, debug);
 *   the SDK also stops at a `[DONE]` data line. `delta.message.tool_calls` is one object, not an array.
 *   A failed generation ends with message-end `{finish_reason: "ERROR", error: "<text>"}`.
 * - `POST /v2/embed` answers `{id, embeddings: {float?: number[][], ...}, texts, meta: {billed_units: {input_tokens}}}`.
 * - Errors are `{message}` (real answers also carry `id`) with 400, 401, 402, 403, 404, 422, 429, 498
 *   (invalid token), 499 (client closed), 500, 501, 503, 504.
 */
import * as v from 'valibot'

const TokenCounts = v.nullish(
  v.object({
    input_tokens: v.nullish(v.number()),
    output_tokens: v.nullish(v.number()),
  }),
)

export const CohereUsage = v.object({
  billed_units: TokenCounts,
  tokens: TokenCounts,
  cached_tokens: v.nullish(v.number()),
})
export type CohereUsage = v.InferOutput<typeof CohereUsage>

export const CohereToolCall = v.object({
  id: v.nullish(v.string()),
  function: v.nullish(
    v.object({
      name: v.nullish(v.string()),
      arguments: v.nullish(v.string()),
    }),
  ),
})

export const CohereChatResponse = v.object({
  id: v.nullish(v.string()),
  finish_reason: v.nullish(v.string()),
  message: v.nullish(
    v.object({
      content: v.nullish(
        v.array(
          v.object({
            type: v.nullish(v.string()),
            text: v.nullish(v.string()),
            thinking: v.nullish(v.string()),
          }),
        ),
      ),
      tool_calls: v.nullish(v.array(CohereToolCall)),
    }),
  ),
  usage: v.nullish(CohereUsage),
})
export type CohereChatResponse = v.InferOutput<typeof CohereChatResponse>

/** One stream event's JSON; every variant is read through the same loose shape. */
export const CohereStreamEvent = v.object({
  type: v.string(),
  id: v.nullish(v.string()),
  index: v.nullish(v.number()),
  delta: v.nullish(
    v.object({
      message: v.nullish(
        v.object({
          content: v.nullish(
            v.object({
              type: v.nullish(v.string()),
              text: v.nullish(v.string()),
              thinking: v.nullish(v.string()),
            }),
          ),
          tool_calls: v.nullish(CohereToolCall),
        }),
      ),
      finish_reason: v.nullish(v.string()),
      error: v.nullish(v.string()),
      usage: v.nullish(CohereUsage),
    }),
  ),
})
export type CohereStreamEvent = v.InferOutput<typeof CohereStreamEvent>

export const CohereEmbedResponse = v.object({
  embeddings: v.object({ float: v.array(v.array(v.number())) }),
  meta: v.nullish(
    v.object({
      billed_units: TokenCounts,
    }),
  ),
})
export type CohereEmbedResponse = v.InferOutput<typeof CohereEmbedResponse>

export const CohereErrorBody = v.object({
  id: v.nullish(v.string()),
  message: v.string(),
})
