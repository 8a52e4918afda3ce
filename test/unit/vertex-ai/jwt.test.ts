import { createPublicKey, verify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { CLOUD_PLATFORM_SCOPE, signServiceAccountJwt } from '../../../providers/vertex-ai/sign-jwt'
import { parseVertexCredential } from '../../../providers/vertex-ai/service-account'
import { GatewayError } from '../../../worker/http/errors'
import { TOKEN_URI, keyPair, serviceAccountJson } from './helpers'

const keys = keyPair()
const decode = (piece: string) => JSON.parse(Buffer.from(piece, 'base64url').toString('utf8'))
const account = () => {
  const credential = parseVertexCredential(serviceAccountJson(keys))
  if (credential.kind !== 'service-account') throw new Error('expected a service account')
  return credential.account
}

describe('service-account JWT', () => {
  it('is signed RS256 with the private key: the signature verifies with the public key', async () => {
    const jwt = await signServiceAccountJwt(account(), 1_700_000_000)
    const [header, claims, signature] = jwt.split('.')
    expect(verify('RSA-SHA256', Buffer.from(`${header}.${claims}`), createPublicKey(keys.publicKeyPem), Buffer.from(signature, 'base64url'))).toBe(true)
    expect(verify('RSA-SHA256', Buffer.from(`${header}.${claims}x`), createPublicKey(keys.publicKeyPem), Buffer.from(signature, 'base64url'))).toBe(false)
  })

  it('names the account as iss and sub, the token endpoint as aud, the cloud-platform scope, and lasts one hour', async () => {
    const [header, claims] = (await signServiceAccountJwt(account(), 1_700_000_000)).split('.')
    expect(decode(header)).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'kid-1' })
    expect(decode(claims)).toEqual({
      iss: 'gateway@sa-project.iam.gserviceaccount.com', sub: 'gateway@sa-project.iam.gserviceaccount.com', aud: TOKEN_URI,
      scope: CLOUD_PLATFORM_SCOPE, iat: 1_700_000_000, exp: 1_700_003_600,
    })
  })

  it('accepts a private key whose newlines stayed escaped', async () => {
    const escaped = serviceAccountJson(keys).replace(/\\n/g, '\\\\n')
    const credential = parseVertexCredential(escaped)
    expect(credential.kind === 'service-account' && credential.account.private_key).toBe(keys.privateKeyPem)
  })

  it('refuses a broken private key with a 401 that does not quote it', async () => {
    const broken = { ...account(), private_key: '-----BEGIN PRIVATE KEY-----\nTk9UQUtFWQ==\n-----END PRIVATE KEY-----\n' }
    const error = await signServiceAccountJwt(broken, 0).catch((thrown) => thrown)
    expect(error).toBeInstanceOf(GatewayError)
    expect(error.status).toBe(401)
    expect(error.message).not.toContain('Tk9UQUtFWQ')
  })
})

describe('parseVertexCredential', () => {
  it('takes anything that is not JSON as an access token', () => {
    expect(parseVertexCredential('ya29.a0Af')).toEqual({ kind: 'access-token', token: 'ya29.a0Af' })
    expect(parseVertexCredential('Bearer ya29.a0Af')).toEqual({ kind: 'access-token', token: 'ya29.a0Af' })
  })

  it('refuses broken JSON, other credential types and missing fields with a 401 that does not echo the secret', () => {
    for (const bad of ['{"private_key": "SECRET-PART', JSON.stringify({ type: 'authorized_user', refresh_token: 'SECRET-PART' }), JSON.stringify({ client_email: 'x@y' })]) {
      let thrown: unknown
      try {
        parseVertexCredential(bad)
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(GatewayError)
      expect((thrown as GatewayError).status).toBe(401)
      expect((thrown as GatewayError).message).not.toContain('SECRET-PART')
    }
  })

  it('refuses an empty credential', () => {
    expect(() => parseVertexCredential(undefined)).toThrow(GatewayError)
  })
})
