const encoder = new TextEncoder()

/** Long-term or temporary AWS credentials (the session token is signed as a header by the caller). */
export interface SigV4Credentials {
  accessKeyId: string
  secretAccessKey: string
}

/** What is signed: the request as sent, its body hash, and the credential scope. */
export interface SigV4Input {
  method: string
  url: URL
  /** The headers to sign, by any case of name; `host` must be among them. */
  headers: Record<string, string>
  /** Hex SHA-256 of the body. */
  payloadHash: string
  region: string
  service: string
  /** `YYYYMMDDTHHMMSSZ`, the value of `x-amz-date`. */
  amzDate: string
}

/** The Authorization header value, with the intermediate strings for tests and debugging. */
export interface SigV4Result {
  authorization: string
  signature: string
  canonicalRequest: string
  stringToSign: string
}

/**
 * Signs a request with AWS Signature Version 4 (Web Crypto only). The canonical URI encodes each
 * path segment of the URL as sent once more, the rule for every service but S3; so a model id
 * sent as `v1%3A0` is signed as `v1%253A0`.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 */
export async function signSigV4(input: SigV4Input, credentials: SigV4Credentials): Promise<SigV4Result> {
  const headers = Object.entries(input.headers)
    .map(([name, value]) => [name.toLowerCase(), value.trim().replace(/\s+/g, ' ')] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const signedHeaders = headers.map(([name]) => name).join(';')
  const canonicalRequest = [
    input.method,
    canonicalUri(input.url.pathname),
    canonicalQuery(input.url.search),
    headers.map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaders,
    input.payloadHash,
  ].join('\n')
  const date = input.amzDate.slice(0, 8)
  const scope = `${date}/${input.region}/${input.service}/aws4_request`
  const stringToSign = `AWS4-HMAC-SHA256\n${input.amzDate}\n${scope}\n${await sha256Hex(canonicalRequest)}`
  let key = await hmac(encoder.encode(`AWS4${credentials.secretAccessKey}`), date)
  for (const part of [input.region, input.service, 'aws4_request']) key = await hmac(key, part)
  const signature = toHex(await hmac(key, stringToSign))
  const authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`
  return { authorization, signature, canonicalRequest, stringToSign }
}

/** Each segment of the (already percent-encoded) path URI-encoded again; `/` kept. */
export function canonicalUri(pathname: string): string {
  const path = pathname === '' ? '/' : pathname
  return path.split('/').map(uriEncode).join('/')
}

/** Query parameters decoded, re-encoded per RFC 3986 and sorted by name, then value. */
export function canonicalQuery(search: string): string {
  if (search === '' || search === '?') return ''
  return search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=')
      const name = equals === -1 ? pair : pair.slice(0, equals)
      const value = equals === -1 ? '' : pair.slice(equals + 1)
      return [uriEncode(decode(name)), uriEncode(decode(value))] as const
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
}

/** `20150830T123600Z` for a time in milliseconds since the epoch. */
export function toAmzDate(milliseconds: number): string {
  return new Date(milliseconds).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '')
}

/** Lower-case hex SHA-256 of a string (UTF-8) or bytes. */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  // Workers and DOM typings disagree on Uint8Array's buffer type; the bytes are the same.
  const bytes = (typeof data === 'string' ? encoder.encode(data) : data) as Uint8Array<ArrayBuffer>
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)))
}

// RFC 3986 unreserved characters stay; everything else (including !'()*) is %XX-encoded.
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

async function hmac(key: Uint8Array, data: string): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(data)))
}

function toHex(bytes: Uint8Array): string {
  let hex = ''
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return hex
}
