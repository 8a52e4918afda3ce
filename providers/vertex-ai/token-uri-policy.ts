import { credentialError, DEFAULT_TOKEN_URI, type ServiceAccount } from './service-account'

/**
 * Refuses a service account whose `token_uri` would send the gateway somewhere it was not asked
 * to go. The token exchange may reach only Google's token endpoint or the origin the Vertex
 * request itself is sent to (an operator's integration host, or a caller host that already passed
 * the private-network guard). Without this, a caller-supplied key file could make the gateway POST
 * to any URL, internal ones included, and read back part of the answer in the error message.
 * @see https://developers.google.com/identity/protocols/oauth2/service-account#httprest
 */
export function checkTokenUri(account: ServiceAccount, requestUrl: URL): void {
  if (account.token_uri === DEFAULT_TOKEN_URI) return
  let tokenUrl: URL | undefined
  try {
    tokenUrl = new URL(account.token_uri)
  } catch {
    tokenUrl = undefined
  }
  if (tokenUrl && (tokenUrl.protocol === 'https:' || tokenUrl.protocol === 'http:') && tokenUrl.origin === requestUrl.origin) return
  const shown = tokenUrl ? tokenUrl.origin.slice(0, 100) : 'an invalid URL'
  throw credentialError(
    `The Vertex AI service account's token_uri (${shown}) is not allowed: it must be ${DEFAULT_TOKEN_URI} or on the host the request is sent to (${requestUrl.origin.slice(0, 100)}).`,
  )
}
