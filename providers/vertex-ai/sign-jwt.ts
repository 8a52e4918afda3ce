import type { ServiceAccount } from './service-account'
import { credentialError } from './service-account'

export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform'
const LIFETIME_SECONDS = 3600
const encoder = new TextEncoder()

/**
 * Signs the RS256 JWT a service account trades for an access token (the JWT bearer grant):
 * iss and sub are the account, aud the token endpoint, valid for one hour from `nowSeconds`.
 * @see https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests
 */
export async function signServiceAccountJwt(account: ServiceAccount, nowSeconds: number): Promise<string> {
  const header = { alg: 'RS256', typ: 'JWT', ...(account.private_key_id ? { kid: account.private_key_id } : {}) }
  const claims = {
    iss: account.client_email,
    sub: account.client_email,
    aud: account.token_uri,
    scope: CLOUD_PLATFORM_SCOPE,
    iat: nowSeconds,
    exp: nowSeconds + LIFETIME_SECONDS,
  }
  const signingInput = `${base64Url(encoder.encode(JSON.stringify(header)))}.${base64Url(encoder.encode(JSON.stringify(claims)))}`
  const key = await importPrivateKey(account.private_key)
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, encoder.encode(signingInput))
  return `${signingInput}.${base64Url(new Uint8Array(signature))}`
}

async function importPrivateKey(pem: string): Promise<CryptoKey> {
  try {
    const body = pem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '').replace(/\s+/g, '')
    const der = Uint8Array.from(atob(body), (character) => character.charCodeAt(0))
    return await crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign'])
  } catch {
    // The reason is not passed on: it could quote the key.
    throw credentialError('The Vertex AI service account private_key is not a PKCS#8 PEM RSA key.')
  }
}

/** Base64url without padding (RFC 7515). */
export function base64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
