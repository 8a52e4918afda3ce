/**
 * Encodes numbers the way OpenAI answers `encoding_format: "base64"`: the base64 of their
 * little-endian float32 bytes. The OpenAI Node SDK asks for base64 by default and decodes it
 * blindly, so every provider that answers floats is re-encoded with this.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
export function encodeFloat32Base64(values: readonly number[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 4))
  for (let index = 0; index < values.length; index++) view.setFloat32(index * 4, values[index], true)
  const bytes = new Uint8Array(view.buffer)
  let binary = ''
  // Chunked so that String.fromCharCode never receives more arguments than the engine allows.
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000))
  }
  return btoa(binary)
}

/** Decodes a base64 float32 embedding (the inverse of encodeFloat32Base64). */
export function decodeFloat32Base64(text: string): number[] {
  const binary = atob(text)
  const view = new DataView(new ArrayBuffer(binary.length))
  for (let index = 0; index < binary.length; index++) view.setUint8(index, binary.charCodeAt(index))
  const values: number[] = []
  for (let offset = 0; offset + 4 <= binary.length; offset += 4) values.push(view.getFloat32(offset, true))
  return values
}
