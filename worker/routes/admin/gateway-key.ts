import { GATEWAY_KEY_PREFIX } from '../../auth/key-record'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
/** Characters after the prefix: 40 base62 characters carry about 238 bits. */
const KEY_BODY_LENGTH = 40
// 248 = 4 × 62: bytes at or above it are redrawn so that every character is equally likely.
const UNBIASED_LIMIT = 248

/** A new gateway key, `usk_` + 40 base62 characters drawn without modulo bias. */
export function generateGatewayKey(random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  let body = ''
  while (body.length < KEY_BODY_LENGTH) {
    for (const byte of random(new Uint8Array(64))) {
      if (byte >= UNBIASED_LIMIT) continue
      body += BASE62[byte % 62]
      if (body.length === KEY_BODY_LENGTH) break
    }
  }
  return GATEWAY_KEY_PREFIX + body
}

/** A new public key id, `key_` + 16 hex characters. */
export function generateKeyId(): string {
  return `key_${hex(crypto.getRandomValues(new Uint8Array(8)))}`
}

/** Key ids as generateKeyId writes them. */
export const KEY_ID_PATTERN = /^key_[0-9a-f]{16}$/

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
