import { GatewayError, badRequest } from './errors'

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024

/**
 * Reads a JSON object body, refusing oversized bodies before reading them whole when the
 * length is declared, and while reading when it is not (chunked uploads).
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<Record<string, unknown>> {
  const declared = request.headers.get('content-length')
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes)
  if (!request.body) throw badRequest('The request needs a JSON body.', null, 'missing_body')
  // A declared length within the limit is read in one native call (the runtime holds the body to
  // its declared length); only a chunked upload is counted as it arrives.
  const text = declared !== null ? await request.text() : utf8.decode(await readCapped(request.body, maxBytes))
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message}` : ''
    throw badRequest(`The request body is not valid JSON${detail}`, null, 'invalid_json')
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest('The request body must be a JSON object.', null, 'invalid_json')
  }
  return parsed as Record<string, unknown>
}

const utf8 = new TextDecoder()

/** Reads a body of undeclared length, refusing it as soon as it passes `maxBytes`. */
async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = body.getReader()
  const parts: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      throw tooLarge(maxBytes)
    }
    parts.push(value)
  }
  return parts.length === 1 ? parts[0] : concat(parts, size)
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const part of parts) {
    bytes.set(part, offset)
    offset += part.byteLength
  }
  return bytes
}

function tooLarge(maxBytes: number): GatewayError {
  return new GatewayError(413, `The request body is larger than the limit of ${maxBytes} bytes.`, {
    type: 'invalid_request_error',
    code: 'request_too_large',
    retryable: false,
  })
}
