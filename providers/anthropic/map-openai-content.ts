import { badRequest } from '../../worker/http/errors'
import { isRecord } from './is-record'

/** An Anthropic content block as sent upstream. */
export type AnthropicBlock = Record<string, unknown>

// Anthropic decodes only these four image formats.
// @see https://docs.anthropic.com/en/docs/build-with-claude/vision
const IMAGE_MEDIA_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp'])

interface DataUrl {
  mediaType: string
  base64: boolean
  data: string
}

/** Splits a `data:` URL into its media type, encoding flag and payload; undefined for other URLs. */
export function parseDataUrl(url: string): DataUrl | undefined {
  if (!url.startsWith('data:')) return undefined
  const comma = url.indexOf(',')
  if (comma === -1) return undefined
  const [mediaType, ...parameters] = url.slice(5, comma).split(';')
  return {
    mediaType: (mediaType || 'text/plain').trim().toLowerCase(),
    base64: parameters.some((parameter) => parameter.trim().toLowerCase() === 'base64'),
    data: url.slice(comma + 1),
  }
}

/**
 * Maps OpenAI user (or tool) content onto Anthropic content: a string stays a string, parts become blocks.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function mapOpenAIUserContent(content: unknown, path: string): string | AnthropicBlock[] {
  if (typeof content === 'string') return content
  if (content === null || content === undefined) return []
  if (!Array.isArray(content)) throw badRequest(`${path}.content must be a string or an array of parts.`, `${path}.content`)
  const blocks: AnthropicBlock[] = []
  content.forEach((part, index) => {
    const block = mapOpenAIPart(part, `${path}.content[${index}]`)
    if (block) blocks.push(block)
  })
  return blocks
}

/** Maps text-only content (system, developer, assistant) onto text blocks, skipping empty text. */
export function mapOpenAITextContent(content: unknown, path: string): AnthropicBlock[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }]
  if (content === null || content === undefined) return []
  if (!Array.isArray(content)) throw badRequest(`${path}.content must be a string or an array of text parts.`, `${path}.content`)
  const blocks: AnthropicBlock[] = []
  content.forEach((part, index) => {
    const partPath = `${path}.content[${index}]`
    // Assistant content may hold `refusal` parts; they are text the model produced.
    const text = isRecord(part) ? (part.type === 'refusal' ? part.refusal : part.type === 'text' ? part.text : undefined) : undefined
    if (typeof text !== 'string') throw badRequest(`${partPath} must be a text part here.`, partPath)
    if (text !== '') blocks.push(withCacheControl({ type: 'text', text }, part))
  })
  return blocks
}

function mapOpenAIPart(part: unknown, path: string): AnthropicBlock | undefined {
  if (!isRecord(part)) throw badRequest(`${path} must be an object.`, path)
  switch (part.type) {
    case 'text':
      if (typeof part.text !== 'string') throw badRequest(`${path}.text must be a string.`, `${path}.text`)
      // Anthropic rejects empty text blocks; an empty part carries nothing.
      return part.text === '' ? undefined : withCacheControl({ type: 'text', text: part.text }, part)
    case 'image_url':
      return withCacheControl(mapImagePart(part, path), part)
    case 'file':
      return withCacheControl(mapFilePart(part, path), part)
    default:
      throw badRequest(`${path} has type '${String(part.type)}', which Anthropic cannot accept (text, image_url and file parts are supported).`, `${path}.type`)
  }
}

function mapImagePart(part: Record<string, unknown>, path: string): AnthropicBlock {
  const imageUrl = part.image_url
  const url = typeof imageUrl === 'string' ? imageUrl : isRecord(imageUrl) ? imageUrl.url : undefined
  if (typeof url !== 'string') throw badRequest(`${path}.image_url.url must be a string.`, `${path}.image_url.url`)
  const dataUrl = parseDataUrl(url)
  if (dataUrl) {
    const mediaType = dataUrl.mediaType === 'image/jpg' ? 'image/jpeg' : dataUrl.mediaType
    if (!IMAGE_MEDIA_TYPES.has(mediaType) || !dataUrl.base64) {
      const message = `${path} is ${mediaType}${dataUrl.base64 ? '' : ' (not base64)'}; Anthropic accepts base64 image/jpeg, image/png, image/gif and image/webp.`
      throw badRequest(message, `${path}.image_url.url`, 'invalid_image_format')
    }
    return { type: 'image', source: { type: 'base64', media_type: mediaType, data: dataUrl.data } }
  }
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } }
  throw badRequest(`${path}.image_url.url must be an https URL or a data URL.`, `${path}.image_url.url`, 'invalid_image_url')
}

// Base64 of "%PDF", the start of every PDF file; lets a bare base64 file_data be recognised.
const PDF_BASE64_PREFIX = 'JVBER'

function mapFilePart(part: Record<string, unknown>, path: string): AnthropicBlock {
  const file = isRecord(part.file) ? part.file : {}
  const fileData = file.file_data
  if (typeof fileData !== 'string') {
    throw badRequest(`${path}: Anthropic needs the file inline as file.file_data (an uploaded file_id cannot be resolved).`, `${path}.file`)
  }
  const dataUrl = parseDataUrl(fileData) ?? (fileData.startsWith(PDF_BASE64_PREFIX) ? { mediaType: 'application/pdf', base64: true, data: fileData } : undefined)
  if (!dataUrl || dataUrl.mediaType !== 'application/pdf' || !dataUrl.base64) {
    throw badRequest(`${path}: Anthropic accepts PDF files in chat; send file.file_data as data:application/pdf;base64,…`, `${path}.file.file_data`)
  }
  const block: AnthropicBlock = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: dataUrl.data } }
  if (typeof file.filename === 'string' && file.filename !== '') block.title = file.filename
  return block
}

// Prompt caching: an Anthropic `cache_control` marker on an OpenAI part is carried over as is.
function withCacheControl(block: AnthropicBlock, part: unknown): AnthropicBlock {
  if (isRecord(part) && isRecord(part.cache_control)) block.cache_control = part.cache_control
  return block
}
