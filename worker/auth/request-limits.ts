import type { Endpoint, OpenAIBody } from '../../providers/types'
import { GatewayError, badRequest } from '../http/errors'

/** Largest value of any one request header, in bytes. */
export const MAX_HEADER_BYTES = 8 * 1024
/** Headers allowed more (or less) than MAX_HEADER_BYTES. */
export const HEADER_BYTE_LIMITS: Readonly<Record<string, number>> = {
  'x-portkey-config': 16 * 1024,
  'x-portkey-metadata': 2 * 1024,
}
/** Largest `n` of an image request: providers without `n` (Stability) send n parallel requests. */
export const MAX_IMAGES_N = 10

/**
 * Refuses oversized headers with a 431 naming the header and its limit. `x-portkey-*` names are
 * compared with `_` read as `-`, as the config layer reads them.
 */
export function checkHeaderSizes(headers: Headers): void {
  for (const [name, value] of headers) {
    const normalised = name.startsWith('x-portkey-') ? name.replace(/_/g, '-') : name
    const limit = HEADER_BYTE_LIMITS[normalised] ?? MAX_HEADER_BYTES
    // Header values are byte strings: one character per byte.
    if (value.length > limit) {
      throw new GatewayError(431, `The ${normalised} header is ${value.length} bytes; the limit is ${limit} bytes.`, {
        type: 'invalid_request_error',
        code: 'header_too_large',
        param: normalised,
        retryable: false,
      })
    }
  }
}

/** Refuses a body asking for more parallel upstream requests than allowed. */
export function checkParallelism(endpoint: Endpoint, body: OpenAIBody): void {
  if (endpoint === 'images' && typeof body.n === 'number' && body.n > MAX_IMAGES_N) {
    throw badRequest(`Invalid n: at most ${MAX_IMAGES_N} images per request, got ${body.n}.`, 'n', 'too_many_images')
  }
}
