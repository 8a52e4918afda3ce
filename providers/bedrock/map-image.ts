import { badRequest } from '../../worker/http/errors'
import type { ConverseContentBlock } from './wire-schemas'

type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp'

/**
 * Maps an OpenAI `image_url` to a Converse image block. Converse accepts only inline bytes
 * (base64 in JSON) in png, jpeg, gif or webp, so a `data:` URL is required.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ImageBlock.html
 */
export function mapImageUrl(url: unknown, param: string): ConverseContentBlock {
  if (typeof url !== 'string') throw badRequest('image_url.url must be a string.', param)
  const match = /^data:([^;,]+)(?:;[^;,]*)*;base64,(.*)$/s.exec(url)
  if (!match) {
    throw badRequest(
      'Bedrock Converse does not accept image URLs such as https:// links; send the image inline as a data: URL (data:image/png;base64,...).',
      param,
    )
  }
  return { image: { format: imageFormat(match[1].toLowerCase(), param), source: { bytes: match[2] } } }
}

/** Maps a MIME type onto Converse's ImageFormat; other types are rejected. */
function imageFormat(mimeType: string, param: string): ImageFormat {
  switch (mimeType) {
    case 'image/png':
      return 'png'
    case 'image/jpeg':
    case 'image/jpg':
      return 'jpeg'
    case 'image/gif':
      return 'gif'
    case 'image/webp':
      return 'webp'
    default:
      throw badRequest(`Bedrock Converse accepts png, jpeg, gif and webp images, not ${mimeType}.`, param)
  }
}
