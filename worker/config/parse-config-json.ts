/**
 * Parses a config written by hand. Strict JSON first; when that fails, once more without the
 * trailing commas people leave before `}` and `]` (Portkey's own published examples have them),
 * and nothing else: comments, single quotes and bare keys stay errors.
 */
export function parseConfigJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    const lenient = withoutTrailingCommas(text)
    if (lenient !== text) {
      try {
        return { ok: true, value: JSON.parse(lenient) }
      } catch {
        // Report the error of the text as written.
      }
    }
    return { ok: false, message: error instanceof Error ? error.message : 'not valid JSON' }
  }
}

/** Drops each comma that, outside strings, is followed only by whitespace and a closing bracket. */
function withoutTrailingCommas(text: string): string {
  let out = ''
  let inString = false
  for (let index = 0; index < text.length; index++) {
    const character = text[index]
    if (inString) {
      out += character
      if (character === '\\') out += text[++index] ?? ''
      else if (character === '"') inString = false
      continue
    }
    if (character === '"') inString = true
    if (character === ',') {
      let next = index + 1
      while (next < text.length && ' \t\r\n'.includes(text[next])) next++
      if (text[next] === '}' || text[next] === ']') continue
    }
    out += character
  }
  return out
}
