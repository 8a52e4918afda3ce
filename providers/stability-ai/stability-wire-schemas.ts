/**
 * Minimal valibot schemas for what the Stability adapter reads. Wire facts: the Stability REST
 * reference (https://platform.stability.ai/docs/api-reference), summarised in the project's
 * provider-wire-formats.md §4:
 * - v2beta `POST /v2beta/stable-image/generate/{core|ultra|sd3}` (multipart) with
 *   `Accept: application/json` answers `{image: <base64>, finish_reason: SUCCESS|CONTENT_FILTERED, seed}`,
 *   one image per request; errors are `{id, name, errors: [..]}` (403 `content_moderation`).
 * - v1 `POST /v1/generation/{engine_id}/text-to-image` (JSON) answers
 *   `{artifacts: [{base64, seed, finishReason: SUCCESS|ERROR|CONTENT_FILTERED}]}`; errors are `{id, name, message}`.
 */
import * as v from 'valibot'

export const StabilityV2Image = v.object({
  image: v.string(),
  finish_reason: v.nullish(v.string()),
  seed: v.nullish(v.number()),
})
export type StabilityV2Image = v.InferOutput<typeof StabilityV2Image>

export const StabilityV1Answer = v.object({
  artifacts: v.array(
    v.object({
      base64: v.string(),
      finishReason: v.nullish(v.string()),
      seed: v.nullish(v.number()),
    }),
  ),
})
export type StabilityV1Answer = v.InferOutput<typeof StabilityV1Answer>

/** Both error shapes: v2beta lists `errors`, v1 has one `message`. */
export const StabilityErrorBody = v.object({
  id: v.nullish(v.string()),
  name: v.nullish(v.string()),
  errors: v.nullish(v.array(v.string())),
  message: v.nullish(v.string()),
})
