/** Error bodies kept for mapping are cut to this many characters. */
const MAX_ERROR_BODY_CHARS = 4_000

/** Reads an upstream error body: parsed JSON when it is JSON, else its (truncated) text. */
export async function readErrorBody(response: Response): Promise<unknown> {
  let text: string
  try {
    text = await response.text()
  } catch {
    return ''
  }
  if (text.length > MAX_ERROR_BODY_CHARS) text = text.slice(0, MAX_ERROR_BODY_CHARS)
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
