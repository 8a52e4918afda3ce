// Gemini needs a MIME type on every `fileData` part, and an OpenAI `image_url` carries none.
// The type is guessed from the URL's extension; a URL without a known one is assumed to be a JPEG,
// the most common image on the web (the API answers 400 if the guess is wrong for the bytes).
const byExtension: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  mp3: 'audio/mp3',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  mov: 'video/mov',
  webm: 'video/webm',
}

/** The MIME type for a file URL (or name), from its extension; `fallback` when unknown. */
export function guessMimeType(url: string, fallback = 'image/jpeg'): string {
  let pathname = url
  try {
    pathname = new URL(url).pathname
  } catch {
    // not a URL: a bare file name
  }
  const extension = /\.([a-z0-9]+)$/i.exec(pathname)?.[1]?.toLowerCase()
  return (extension && byExtension[extension]) || fallback
}

/** Splits a `data:<mime>;base64,<data>` URL; undefined for anything else. */
export function parseDataUrl(url: string): { mimeType: string; data: string } | undefined {
  const match = /^data:([^;,]+)((?:;[^;,]+)*);base64,(.*)$/s.exec(url)
  if (!match) return undefined
  return { mimeType: match[1], data: match[3] }
}
