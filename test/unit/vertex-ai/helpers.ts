import { generateKeyPairSync } from 'node:crypto'
import type { Target } from '../../../providers/types'

export interface KeyPair {
  privateKeyPem: string
  publicKeyPem: string
}

/** A fresh RSA key pair for a test service account. */
export function keyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  })
  return { privateKeyPem: privateKey, publicKeyPem: publicKey }
}

export const TOKEN_URI = 'https://oauth2.googleapis.com/token'

/** A service-account key file as a Worker Secret holds it. */
export function serviceAccountJson(keys: KeyPair, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'service_account',
    project_id: 'sa-project',
    private_key_id: 'kid-1',
    private_key: keys.privateKeyPem,
    client_email: 'gateway@sa-project.iam.gserviceaccount.com',
    token_uri: TOKEN_URI,
    ...overrides,
  })
}

export function vertexTarget(apiKey: string | undefined, options: Target['options'] = {}): Target {
  return { path: 'config', provider: 'vertex-ai', apiKey, keySource: 'secret', options }
}
