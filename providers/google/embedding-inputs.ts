/** The texts of an OpenAI embeddings `input`; token-id arrays cannot be sent to Google. */
export function embeddingInputs(input: unknown): { texts: string[]; single: boolean } | undefined {
  if (typeof input === 'string') return { texts: [input], single: true }
  if (Array.isArray(input) && input.length > 0 && input.every((item) => typeof item === 'string')) return { texts: input as string[], single: false }
  return undefined
}
