/**
 * A tool-call id for a Gemini function call that came without one: `call_` and a hash of where
 * the call sits (response id, candidate index, the call's position among the candidate's calls)
 * and what it is (name, arguments), so the same response always yields the same ids, in a
 * streamed answer as in a whole one, and two calls never share an id.
 */
export function stableToolCallId(responseId: string, candidateIndex: number, callIndex: number, name: string, args: string): string {
  return `call_${hash64(`${responseId}\u0000${candidateIndex}\u0000${callIndex}\u0000${name}\u0000${args}`)}`
}

// Two 32-bit FNV-1a passes with different offsets give 64 bits: no collision worth fearing among
// the calls of one conversation, and synchronous (crypto.subtle digests are async).
function hash64(text: string): string {
  let first = 0x811c9dc5
  let second = 0x01000193 ^ 0x5bd1e995
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    first = Math.imul(first ^ code, 0x01000193)
    second = Math.imul(second ^ code, 0x01000193) ^ (second >>> 15)
  }
  return (first >>> 0).toString(16).padStart(8, '0') + (second >>> 0).toString(16).padStart(8, '0')
}
