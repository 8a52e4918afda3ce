import type { EmulatorAnswer } from '../core'
import { USAGE } from '../scenarios'
import { badRequestAnswer } from './errors'
import { jsonAnswer, type AnswerContext } from './wire'

/** Dimensions of an embedding when the request does not ask for a number. */
export const DEFAULT_DIMENSIONS = 4

/**
 * The embedding of input `index`: small dyadic fractions, exact in float32, so that a base64
 * round trip gives back the same numbers.
 */
export function emulatedEmbedding(index: number, dimensions = DEFAULT_DIMENSIONS): number[] {
  return Array.from({ length: dimensions }, (_, position) => ((index + 1) * (position + 1) * (position % 2 ? -1 : 1)) / 16)
}

/** Little-endian float32 bytes in base64, as OpenAI answers `encoding_format: "base64"`. */
export function float32Base64(values: number[]): string {
  const buffer = Buffer.alloc(values.length * 4)
  values.forEach((value, position) => buffer.writeFloatLE(value, position * 4))
  return buffer.toString('base64')
}

function inputCount(input: unknown): number {
  if (typeof input === 'string') return 1
  if (!Array.isArray(input) || input.length === 0) return 0
  return typeof input[0] === 'number' ? 1 : input.length // one token array, or a list of inputs
}

/** `POST …/embeddings`: float arrays, or base64 strings when `encoding_format` is `base64`. */
export function embeddingsAnswer(body: Record<string, any>, context: AnswerContext): EmulatorAnswer {
  const count = inputCount(body.input)
  if (count === 0) return badRequestAnswer(context.flavour, "'input' must be a non-empty string or array", 'input')
  const requested = context.flavour === 'mistral' ? body.output_dimension : body.dimensions
  const dimensions = typeof requested === 'number' ? requested : DEFAULT_DIMENSIONS
  const base64 = body.encoding_format === 'base64'
  const data = Array.from({ length: count }, (_, index) => {
    const values = emulatedEmbedding(index, dimensions)
    return { object: 'embedding', index, embedding: base64 ? float32Base64(values) : values }
  })
  return jsonAnswer({ object: 'list', data, model: context.model, usage: { prompt_tokens: USAGE.prompt, total_tokens: USAGE.prompt } })
}
