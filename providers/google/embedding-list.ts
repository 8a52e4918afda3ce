/**
 * Builds the OpenAI embeddings list from vectors in input order. With `encoding_format: "base64"`
 * (what the Node OpenAI SDK asks for by default) each vector is sent as little-endian float32
 * bytes in base64, which the SDK decodes; otherwise as numbers.
 * @see https://platform.openai.com/docs/api-reference/embeddings/object
 */
export function embeddingList(vectors: number[][], model: string, encodingFormat: unknown, promptTokens: number): Record<string, unknown> {
  const base64 = encodingFormat === 'base64'
  return {
    object: 'list',
    data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: base64 ? float32Base64(vector) : vector })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  }
}

/** A vector as base64 of its little-endian float32 bytes. */
export function float32Base64(vector: number[]): string {
  const view = new DataView(new ArrayBuffer(vector.length * 4))
  vector.forEach((value, index) => view.setFloat32(index * 4, value, true))
  const bytes = new Uint8Array(view.buffer)
  let binary = ''
  // String.fromCharCode takes arguments; chunks keep the call well under engine limits.
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000))
  }
  return btoa(binary)
}

/** The texts of an OpenAI embeddings `input`; token-id arrays cannot be sent to Google. */
export function embeddingInputs(input: unknown): { texts: string[]; single: boolean } | undefined {
  if (typeof input === 'string') return { texts: [input], single: true }
  if (Array.isArray(input) && input.length > 0 && input.every((item) => typeof item === 'string')) return { texts: input as string[], single: false }
  return undefined
}
