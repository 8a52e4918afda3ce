/**
 * Encodes numbers as base64 of little-endian float32, the form OpenAI returns for
 * `encoding_format: "base64"` (and that the Node SDK, which asks for it by default, decodes).
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
export function encodeFloat32Base64(values: readonly number[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 4))
  for (let index = 0; index < values.length; index++) view.setFloat32(index * 4, values[index], true)
  const bytes = new Uint8Array(view.buffer)
  let binary = ''
  // String.fromCharCode takes arguments; chunks keep the call under engine argument limits.
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000))
  }
  return btoa(binary)
}
