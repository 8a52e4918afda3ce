import { GatewayError } from '../../worker/http/errors'
import type { AdapterDeps } from '../types'
import { credentialError, type ServiceAccount } from './service-account'
import { signServiceAccountJwt } from './sign-jwt'

/** A token is used until this long before it expires, so a request never carries a dying one. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000

interface CachedToken {
  token: string
  expiresAt: number
}

// Per isolate: tokens outlive requests. Keyed by the account and a digest of its private key, so a
// caller who only knows an account's email never gets the token minted with someone else's key.
const tokens = new Map<string, CachedToken>()

/**
 * An access token for a service account: from the cache while it has more than five minutes
 * left, else from a JWT-bearer exchange at the account's `token_uri`. Only finished tokens are
 * shared: an exchange in flight belongs to its request, because workerd cancels a request that
 * awaits another request's I/O as hung. A refused exchange is a 401 whose message never contains
 * the key.
 * @see https://developers.google.com/identity/protocols/oauth2/service-account#httprest
 */
export async function serviceAccountToken(account: ServiceAccount, deps: AdapterDeps): Promise<string> {
  const key = await cacheKey(account)
  const cached = tokens.get(key)
  if (cached && deps.now() < cached.expiresAt - REFRESH_MARGIN_MS) return cached.token
  const fresh = await exchangeJwt(account, deps)
  tokens.set(key, fresh)
  return fresh.token
}

/** Forgets every cached token (tests, key rotation). */
export function clearVertexTokenCache(): void {
  tokens.clear()
}

async function exchangeJwt(account: ServiceAccount, deps: AdapterDeps): Promise<CachedToken> {
  const assertion = await signServiceAccountJwt(account, Math.floor(deps.now() / 1000))
  const form = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion })
  let response: Response
  try {
    response = await deps.fetch(account.token_uri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    })
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error
    throw new GatewayError(502, 'The Google token endpoint could not be reached.', { type: 'server_error', code: 'token_exchange_failed', provider: 'vertex-ai', retryable: true })
  }
  const body = (await response.json().catch(() => undefined)) as { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } | undefined
  if (!response.ok || typeof body?.access_token !== 'string') {
    // Google's OAuth error names and descriptions ("invalid_grant", "Invalid JWT Signature.") carry no secret.
    const reason = [body?.error, body?.error_description].filter((part) => typeof part === 'string').join(': ').slice(0, 300)
    if (response.status === 429 || response.status >= 500) {
      // The endpoint is busy or down, the credential may be fine: worth another try.
      throw new GatewayError(502, `The Google token endpoint failed (HTTP ${response.status}${reason ? `, ${reason}` : ''}).`, { type: 'server_error', code: 'token_exchange_failed', provider: 'vertex-ai', retryable: true })
    }
    throw credentialError(`Google refused the Vertex AI service account (token exchange HTTP ${response.status}${reason ? `, ${reason}` : ''}).`)
  }
  const lifetime = typeof body.expires_in === 'number' ? body.expires_in : 3600
  return { token: body.access_token, expiresAt: deps.now() + lifetime * 1000 }
}

async function cacheKey(account: ServiceAccount): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${account.token_uri}\u0000${account.private_key}`))
  const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
  return `${account.client_email}\u0000${hex}`
}
