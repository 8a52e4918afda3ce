import type { EmulatorAnswer } from './core'

// Embeddings as the Gemini API (`:embedContent`, `:batchEmbedContents`) and Vertex AI (`:predict`,
// `:embedContent`) answer them. Vectors are deterministic and exact in float32 (multiples of
// 1/1024), so a base64 round trip through the gateway can be compared exactly.
// @see https://ai.google.dev/api/embeddings and https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api

type Json = Record<string, any>
const DEFAULT_DIMENSIONS = 8

/** The emulator's vector for a text: the same text always gives the same vector. */
export function emulatorVector(text: string, dimensions = DEFAULT_DIMENSIONS): number[] {
  let seed = 7
  for (const character of text) seed = (seed * 31 + character.codePointAt(0)!) % 65521
  return Array.from({ length: dimensions }, (_, index) => (((seed + index * 977) % 2048) - 1024) / 1024)
}

const tokenCount = (text: string) => text.split(/\s+/).filter(Boolean).length
const invalid = (message: string): EmulatorAnswer => ({ status: 400, json: { error: { code: 400, message, status: 'INVALID_ARGUMENT' } } })
const textOf = (content: Json | undefined): string | undefined => content?.parts?.find((part: Json) => typeof part.text === 'string')?.text

/** The answer to an embeddings method, or a Google 400 for a malformed request. */
export function geminiEmbedAnswer(body: Json | undefined, model: string, method: string): EmulatorAnswer {
  if (!body) return invalid('Invalid JSON payload received.')
  if (method === 'embedContent') {
    const text = textOf(body.content)
    if (text === undefined) return invalid('* EmbedContentRequest.content: content is not specified')
    const dimensions = body.outputDimensionality ?? body.embedContentConfig?.outputDimensionality
    return { json: { embedding: { values: emulatorVector(text, dimensions) } } }
  }
  if (method === 'batchEmbedContents') {
    if (!Array.isArray(body.requests) || body.requests.length === 0) return invalid('* BatchEmbedContentsRequest.requests: requests is not specified')
    const embeddings = []
    for (const [index, request] of body.requests.entries()) {
      if (request.model !== `models/${model}`) return invalid(`* BatchEmbedContentsRequest.requests[${index}].model: model must be models/${model}, as in the URL`)
      const text = textOf(request.content)
      if (text === undefined) return invalid(`* BatchEmbedContentsRequest.requests[${index}].content: content is not specified`)
      embeddings.push({ values: emulatorVector(text, request.outputDimensionality) })
    }
    return { json: { embeddings } }
  }
  // Vertex `:predict` for text-embedding models: instances of {content}, dimensions in parameters.
  if (!Array.isArray(body.instances) || body.instances.some((instance: Json) => typeof instance.content !== 'string')) {
    return invalid('Invalid instances: each instance needs a content string.')
  }
  const dimensions = body.parameters?.outputDimensionality
  return {
    json: {
      predictions: body.instances.map((instance: Json) => ({
        embeddings: { statistics: { truncated: false, token_count: tokenCount(instance.content) }, values: emulatorVector(instance.content, dimensions) },
      })),
      metadata: { billableCharacterCount: body.instances.reduce((sum: number, instance: Json) => sum + instance.content.length, 0) },
    },
  }
}
