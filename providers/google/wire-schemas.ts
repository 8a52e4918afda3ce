import * as v from 'valibot'

// Minimal schemas of what Gemini answers: only the fields the mappings read, `nullish` for the
// rest, objects loose so that new fields never fail a parse.
// @see https://ai.google.dev/api/generate-content#generatecontentresponse

const functionCallSchema = v.looseObject({
  name: v.string(),
  args: v.nullish(v.record(v.string(), v.unknown())),
  id: v.nullish(v.string()),
})

export const partSchema = v.looseObject({
  text: v.nullish(v.string()),
  thought: v.nullish(v.boolean()),
  thoughtSignature: v.nullish(v.string()),
  functionCall: v.nullish(functionCallSchema),
})

export const candidateSchema = v.looseObject({
  content: v.nullish(v.looseObject({ role: v.nullish(v.string()), parts: v.nullish(v.array(partSchema)) })),
  finishReason: v.nullish(v.string()),
  index: v.nullish(v.number()),
  logprobsResult: v.nullish(v.unknown()),
})

export const usageMetadataSchema = v.looseObject({
  promptTokenCount: v.nullish(v.number()),
  candidatesTokenCount: v.nullish(v.number()),
  totalTokenCount: v.nullish(v.number()),
  thoughtsTokenCount: v.nullish(v.number()),
  cachedContentTokenCount: v.nullish(v.number()),
  toolUsePromptTokenCount: v.nullish(v.number()),
})

export const generateContentResponseSchema = v.looseObject({
  candidates: v.nullish(v.array(candidateSchema)),
  promptFeedback: v.nullish(v.looseObject({ blockReason: v.nullish(v.string()), blockReasonMessage: v.nullish(v.string()) })),
  usageMetadata: v.nullish(usageMetadataSchema),
  modelVersion: v.nullish(v.string()),
  responseId: v.nullish(v.string()),
})

/** The Google API error body, `{error: {code, message, status, details}}`. @see https://cloud.google.com/apis/design/errors */
export const googleErrorBodySchema = v.looseObject({
  error: v.looseObject({
    code: v.nullish(v.number()),
    message: v.nullish(v.string()),
    status: v.nullish(v.string()),
    details: v.nullish(v.array(v.looseObject({ '@type': v.nullish(v.string()), reason: v.nullish(v.string()), retryDelay: v.nullish(v.string()) }))),
  }),
})

const embeddingValuesSchema = v.looseObject({ values: v.array(v.number()) })

/** `:embedContent` answers one embedding; `:batchEmbedContents` answers a list in request order. */
export const embedResponseSchema = v.looseObject({
  embedding: v.nullish(embeddingValuesSchema),
  embeddings: v.nullish(v.array(embeddingValuesSchema)),
  usageMetadata: v.nullish(v.looseObject({ promptTokenCount: v.nullish(v.number()) })),
})

export const modelsListSchema = v.looseObject({
  models: v.nullish(v.array(v.looseObject({ name: v.string(), displayName: v.nullish(v.string()) }))),
})

export type GeminiPart = v.InferOutput<typeof partSchema>
export type GeminiCandidate = v.InferOutput<typeof candidateSchema>
export type GeminiUsage = v.InferOutput<typeof usageMetadataSchema>
export type GenerateContentResponse = v.InferOutput<typeof generateContentResponseSchema>
export type GoogleErrorBody = v.InferOutput<typeof googleErrorBodySchema>
