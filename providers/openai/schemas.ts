import * as v from 'valibot'

/**
 * Minimal wire schemas for OpenAI-format answers: only the fields the gateway reads are checked,
 * everything else passes through untouched (providers add fields all the time).
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */

const choiceSchema = v.looseObject({ index: v.nullish(v.number()), finish_reason: v.nullish(v.string()) })

/** `chat.completion` and `text_completion` bodies. */
export const completionBodySchema = v.looseObject({ choices: v.array(choiceSchema) })

/** One streamed chunk; `choices` may be missing on some providers' usage-only chunks. */
export const chunkSchema = v.looseObject({
  id: v.nullish(v.string()),
  object: v.nullish(v.string()),
  created: v.nullish(v.number()),
  model: v.nullish(v.string()),
  choices: v.nullish(v.array(choiceSchema)),
  usage: v.nullish(v.looseObject({})),
})

/** `POST /embeddings`: each embedding is a float array or (encoding_format base64) a string. */
export const embeddingListSchema = v.looseObject({
  data: v.array(v.looseObject({ embedding: v.union([v.array(v.number()), v.string()]) })),
})

/** `POST /images/generations`. */
export const imagesBodySchema = v.looseObject({ data: v.nullish(v.array(v.looseObject({}))) })

/** `GET /models`. */
export const modelListSchema = v.looseObject({ data: v.array(v.looseObject({ id: v.string() })) })

/** `GET /models/{model}`. */
export const modelSchema = v.looseObject({ id: v.string() })

/**
 * The error object inside `{"error": {...}}`. `code` is a string at OpenAI and a number at
 * OpenRouter and Perplexity; Azure adds `status` and `innererror`.
 * @see https://openrouter.ai/docs/api-reference/errors
 */
export const errorObjectSchema = v.looseObject({
  message: v.nullish(v.unknown()),
  type: v.nullish(v.unknown()),
  code: v.nullish(v.union([v.string(), v.number()])),
  param: v.nullish(v.unknown()),
  status: v.nullish(v.number()),
})

export type ErrorObject = v.InferOutput<typeof errorObjectSchema>
