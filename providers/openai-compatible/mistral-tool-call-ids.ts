/**
 * Mistral accepts only tool-call ids of exactly nine letters and digits and answers any other id
 * with a 400 ("Tool call id was … but must be a-z, A-Z, 0-9, with a length of 9").
 * @see https://docs.mistral.ai/capabilities/function_calling/
 */
export const MISTRAL_TOOL_CALL_ID = /^[a-zA-Z0-9]{9}$/

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/**
 * Maps every tool-call id of one request onto a valid Mistral id. Valid ids stay as they are; the
 * others get a nine-character id derived from their text (so the same id maps the same way in
 * every turn of a conversation), made unique within the request.
 */
export function createMistralToolCallIds(ids: Iterable<string>): (id: string) => string {
  const all = [...ids]
  const taken = new Set(all.filter((id) => MISTRAL_TOOL_CALL_ID.test(id)))
  const mapping = new Map<string, string>()
  for (const id of all) {
    if (mapping.has(id)) continue
    if (MISTRAL_TOOL_CALL_ID.test(id)) {
      mapping.set(id, id)
      continue
    }
    let candidate = derivedId(id, 0)
    for (let salt = 1; taken.has(candidate); salt++) candidate = derivedId(id, salt)
    taken.add(candidate)
    mapping.set(id, candidate)
  }
  return (id) => mapping.get(id) ?? id
}

function derivedId(id: string, salt: number): string {
  let result = ''
  for (let position = 0; position < 9; position++) result += ALPHABET[fnv1a(`${salt}:${position}:${id}`) % ALPHABET.length]
  return result
}

/** FNV-1a, 32 bits: a fast, stable string hash (not a secret, only a spread). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}
