import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { RecordedRequest } from './core'

export type SignatureCheck = { ok: true } | { ok: false; type: string; message: string }

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/

/**
 * Checks a SigV4 signature the way AWS does, with node:crypto and its own canonicalisation
 * (independent of the adapter's Web Crypto signer): the path as received, each segment encoded
 * once more (non-S3 rule), signed headers from the request, payload hashed from the raw body.
 */
export function verifySigV4(request: RecordedRequest, credentials: { accessKeyId: string; secretAccessKey: string }, service = 'bedrock'): SignatureCheck {
  const match = AUTHORIZATION.exec(String(request.headers.authorization ?? ''))
  if (!match) return { ok: false, type: 'IncompleteSignatureException', message: 'Authorization header requires Credential, SignedHeaders and Signature.' }
  const [, accessKeyId, date, region, scopeService, signedHeaders, signature] = match
  if (accessKeyId !== credentials.accessKeyId) return { ok: false, type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }
  if (scopeService !== service) return { ok: false, type: 'InvalidSignatureException', message: `Credential should be scoped to correct service: '${service}'.` }
  const amzDate = String(request.headers['x-amz-date'] ?? '')
  if (!amzDate.startsWith(date)) return { ok: false, type: 'InvalidSignatureException', message: 'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.' }
  const names = signedHeaders.split(';')
  if (!names.includes('host')) return { ok: false, type: 'InvalidSignatureException', message: "'Host' must be a 'SignedHeader' in the AWS Authorization." }
  const payloadHash = createHash('sha256').update(request.raw).digest('hex')
  const claimedHash = request.headers['x-amz-content-sha256']
  if (claimedHash !== undefined && claimedHash !== payloadHash) return mismatch()
  const [path, query = ''] = request.url.split('?')
  const canonicalRequest = [
    request.method,
    path.split('/').map(encodeRfc3986).join('/'),
    canonicalQuery(query),
    names.map((name) => `${name}:${headerValue(request, name)}\n`).join(''),
    signedHeaders,
    payloadHash,
  ].join('\n')
  const scope = `${date}/${region}/${service}/aws4_request`
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n')
  let key: Buffer = createHmac('sha256', `AWS4${credentials.secretAccessKey}`).update(date).digest()
  for (const part of [region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest()
  const expected = createHmac('sha256', key).update(stringToSign).digest()
  return timingSafeEqual(expected, Buffer.from(signature, 'hex')) ? { ok: true } : mismatch()
}

function mismatch(): SignatureCheck {
  return {
    ok: false,
    type: 'InvalidSignatureException',
    message:
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  }
}

function headerValue(request: RecordedRequest, name: string): string {
  const value = request.headers[name]
  const text = Array.isArray(value) ? value.join(',') : (value ?? '')
  return text.trim().replace(/\s+/g, ' ')
}

function canonicalQuery(query: string): string {
  const pairs = [...new URLSearchParams(query)].map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`)
  return pairs.sort().join('&')
}

// Byte-wise RFC 3986 encoding: unreserved characters stay, every other byte becomes %XX.
function encodeRfc3986(text: string): string {
  let out = ''
  for (const byte of Buffer.from(text, 'utf8')) {
    const character = String.fromCharCode(byte)
    out += /[A-Za-z0-9\-._~]/.test(character) ? character : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}
