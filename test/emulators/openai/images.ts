import { deflateSync, crc32 } from 'node:zlib'
import type { EmulatorAnswer } from '../core'
import { badRequestAnswer } from './errors'
import { jsonAnswer, type AnswerContext } from './wire'

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const checksum = Buffer.alloc(4)
  checksum.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, checksum])
}

/** A valid 1×1 opaque red PNG, built once (signature, IHDR, IDAT, IEND with real CRCs). */
export const TINY_PNG: Buffer = (() => {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(1, 0) // width
  header.writeUInt32BE(1, 4) // height
  header.set([8, 2, 0, 0, 0], 8) // 8-bit RGB, deflate, no filter, no interlace
  const pixels = deflateSync(Buffer.from([0, 255, 0, 0])) // filter byte 0, then R G B
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', pixels), pngChunk('IEND', Buffer.alloc(0))])
})()

/**
 * `POST …/images/generations`: dall-e models answer a URL by default or `b64_json` on request;
 * GPT image models always answer base64 and reject `response_format`.
 */
export function imagesAnswer(body: Record<string, any>, context: AnswerContext): EmulatorAnswer {
  if (typeof body.prompt !== 'string' || body.prompt === '') return badRequestAnswer(context.flavour, 'you must provide a prompt parameter', 'prompt')
  const model = typeof body.model === 'string' ? body.model : 'dall-e-2'
  const gptImage = model.startsWith('gpt-image')
  if (gptImage && body.response_format !== undefined) return badRequestAnswer(context.flavour, "Unknown parameter: 'response_format'.", 'response_format')
  const count = typeof body.n === 'number' ? body.n : 1
  if (model === 'dall-e-3' && count !== 1) return badRequestAnswer(context.flavour, 'You must provide n=1 for this model.', 'n')
  const asBase64 = gptImage || body.response_format === 'b64_json'
  const data = Array.from({ length: count }, (_, index) => {
    const image: Record<string, unknown> = asBase64 ? { b64_json: TINY_PNG.toString('base64') } : { url: `https://images.emulator.invalid/img-${index}.png` }
    if (model === 'dall-e-3') image.revised_prompt = `A picture of: ${body.prompt}`
    return image
  })
  const response: Record<string, unknown> = { created: context.created, data }
  if (gptImage) {
    Object.assign(response, { background: 'opaque', output_format: 'png', quality: 'low', size: '1024x1024' })
    response.usage = { input_tokens: 11, output_tokens: 272, total_tokens: 283, input_tokens_details: { image_tokens: 0, text_tokens: 11 } }
  }
  return jsonAnswer(response)
}
