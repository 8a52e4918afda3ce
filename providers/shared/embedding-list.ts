import { encodeFloat32Base64 } from './float32-base64'

/**
 * Builds the OpenAI embeddings list from vectors in input order: numbers, or with
 * `encoding_format: "base64"` (what the Node OpenAI SDK asks for by default) little-endian
 * float32 bytes in base64, which the SDK decodes.
 * @see https://platform.openai.com/docs/api-reference/embeddings/object
 */
export function embeddingList(vectors: readonly number[][], model: string, encodingFormat: unknown, promptTokens: number): Record<string, unknown> {
  const base64 = encodingFormat === 'base64'
  return {
    object: 'list',
    data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: base64 ? encodeFloat32Base64(vector) : vector })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  }
}
