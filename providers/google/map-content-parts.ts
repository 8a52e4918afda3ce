import { badRequest } from '../../worker/http/errors'
import { guessMimeType, parseDataUrl } from './guess-mime-type'

/** A Gemini request `Part` (only the kinds the gateway sends). */
export type GeminiRequestPart = Record<string, unknown>

/**
 * Maps OpenAI message content (a string or an array of content parts) onto Gemini parts.
 * Text stays text; a `data:` image or file becomes `inlineData`; an image or file URL becomes
 * `fileData` with a MIME type guessed from its extension (Gemini fetches `gs://`, Files API and
 * public URLs itself); `input_audio` becomes `inlineData` audio. `detail` has no Gemini equivalent
 * and is dropped.
 * @see https://ai.google.dev/api/caching#Part
 */
export function mapContentParts(content: unknown, param: string): GeminiRequestPart[] {
  if (content === null || content === undefined) return []
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }]
  if (!Array.isArray(content)) throw badRequest('Message content must be a string or an array of content parts.', param)
  return content.flatMap((part, index) => mapContentPart(part, `${param}[${index}]`))
}

function mapContentPart(part: unknown, param: string): GeminiRequestPart[] {
  if (typeof part !== 'object' || part === null) throw badRequest('A content part must be an object.', param)
  const record = part as Record<string, unknown>
  switch (record.type) {
    case 'text':
      return typeof record.text === 'string' && record.text !== '' ? [{ text: record.text }] : []
    case 'refusal':
      return typeof record.refusal === 'string' && record.refusal !== '' ? [{ text: record.refusal }] : []
    case 'image_url':
      return [mapImage(record.image_url, `${param}.image_url`)]
    case 'file':
      return [mapFile(record.file, `${param}.file`)]
    case 'input_audio':
      return [mapAudio(record.input_audio, `${param}.input_audio`)]
    default:
      throw badRequest(`Content parts of type '${String(record.type)}' cannot be sent to Gemini.`, `${param}.type`)
  }
}

function mapImage(image: unknown, param: string): GeminiRequestPart {
  const url = typeof image === 'string' ? image : (image as { url?: unknown } | null)?.url
  if (typeof url !== 'string' || url === '') throw badRequest('An image_url part needs a url.', `${param}.url`)
  if (url.startsWith('data:')) {
    const inline = parseDataUrl(url)
    if (!inline) throw badRequest('An image data URL must be base64-encoded (data:<mime>;base64,<data>).', `${param}.url`)
    return { inlineData: inline }
  }
  return { fileData: { mimeType: guessMimeType(url), fileUri: url } }
}

function mapFile(file: unknown, param: string): GeminiRequestPart {
  const record = (typeof file === 'object' && file !== null ? file : {}) as Record<string, unknown>
  if (typeof record.file_data === 'string') {
    const inline = parseDataUrl(record.file_data)
    if (!inline) throw badRequest('file_data must be a base64 data URL (data:<mime>;base64,<data>).', `${param}.file_data`)
    return { inlineData: inline }
  }
  if (typeof record.file_id === 'string' && record.file_id !== '') {
    // A Gemini Files API URI (or gs:// on Vertex) stands in for OpenAI's file id.
    const named = typeof record.filename === 'string' ? record.filename : record.file_id
    const mimeType = typeof record.mime_type === 'string' ? record.mime_type : guessMimeType(named, 'application/pdf')
    return { fileData: { mimeType, fileUri: record.file_id } }
  }
  throw badRequest('A file part needs file_data (a base64 data URL) or file_id (a file URI).', param)
}

function mapAudio(audio: unknown, param: string): GeminiRequestPart {
  const record = (typeof audio === 'object' && audio !== null ? audio : {}) as Record<string, unknown>
  if (typeof record.data !== 'string') throw badRequest('An input_audio part needs base64 data.', `${param}.data`)
  const format = typeof record.format === 'string' ? record.format : 'wav'
  return { inlineData: { mimeType: `audio/${format}`, data: record.data } }
}

/** The plain text of OpenAI message content (system prompts, tool results). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content
    .map((part) => (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
    .join('')
}
