import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto'

// The OAuth side of the Vertex emulator: test service accounts and the JWT-bearer token endpoint.
// @see https://developers.google.com/identity/protocols/oauth2/service-account#httprest

export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform'
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer'

export interface TestServiceAccount {
  /** The key file as a Worker Secret would hold it. */
  json: string
  clientEmail: string
  publicKeyPem: string
  privateKeyPem: string
}

/** A fresh RSA service account whose `token_uri` is the given endpoint. */
export function createTestServiceAccount(tokenUri: string, projectId = 'emulator-project', name = 'gateway'): TestServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  })
  const clientEmail = `${name}@${projectId}.iam.gserviceaccount.com`
  const json = JSON.stringify({
    type: 'service_account',
    project_id: projectId,
    private_key_id: `key-${name}`,
    private_key: privateKey,
    client_email: clientEmail,
    client_id: '100000000000000000000',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: tokenUri,
  })
  return { json, clientEmail, publicKeyPem: publicKey, privateKeyPem: privateKey }
}

export interface JwtClaims {
  iss: string
  sub?: string
  aud: string
  scope: string
  iat: number
  exp: number
}

/** Decodes and verifies an RS256 JWT against a public key; the reason it is refused otherwise. */
export function verifyJwt(assertion: string, publicKeyPem: string): { claims: JwtClaims } | { problem: string } {
  const pieces = assertion.split('.')
  if (pieces.length !== 3) return { problem: 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.' }
  const [headerText, claimsText, signature] = pieces
  let header: Record<string, unknown>
  let claims: JwtClaims
  try {
    header = JSON.parse(Buffer.from(headerText, 'base64url').toString('utf8'))
    claims = JSON.parse(Buffer.from(claimsText, 'base64url').toString('utf8'))
  } catch {
    return { problem: 'Invalid JWT: could not decode.' }
  }
  if (header.alg !== 'RS256') return { problem: 'Invalid JWT: unsupported algorithm.' }
  const valid = verify('RSA-SHA256', Buffer.from(`${headerText}.${claimsText}`), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64url'))
  return valid ? { claims } : { problem: 'Invalid JWT Signature.' }
}

/** Checks the claims Google's token endpoint checks; the refusal description, or undefined. */
export function checkClaims(claims: JwtClaims, audience: string, nowSeconds: number): string | undefined {
  if (claims.aud !== audience) return 'Invalid JWT: audience does not match the token endpoint.'
  if (!String(claims.scope ?? '').split(' ').includes(CLOUD_PLATFORM_SCOPE)) return 'Invalid OAuth scope or ID token audience provided.'
  if (!(claims.exp > nowSeconds) || claims.exp - claims.iat > 3600 || claims.iat > nowSeconds + 300) {
    return 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.'
  }
  return undefined
}
