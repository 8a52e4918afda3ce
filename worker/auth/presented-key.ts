import { GATEWAY_KEY_PREFIX } from './key-record'

/** A gateway key as the caller sent it, and where. Secret: never logged or echoed. */
export interface PresentedKey {
  key: string
  header: 'x-portkey-api-key' | 'authorization'
}

const API_KEY_HEADERS = ['x-portkey-api-key', 'x-portkey-api_key']

/**
 * The gateway key of a request: `x-portkey-api-key` (portkey-ai's createHeaders({ apiKey });
 * `x-portkey-api_key` too), else `Authorization: Bearer usk_…`. Any other Authorization value
 * is the caller's own provider key and is not a gateway key.
 */
export function findPresentedKey(headers: Headers): PresentedKey | undefined {
  const apiKey = API_KEY_HEADERS.map((name) => headers.get(name)?.trim()).find(Boolean)
  // A usk_ key wins over a value that is not one (a Portkey cloud key left in createHeaders).
  if (apiKey?.startsWith(GATEWAY_KEY_PREFIX)) return { key: apiKey, header: 'x-portkey-api-key' }
  const bearer = gatewayKeyBearer(headers)
  if (bearer !== undefined) return { key: bearer, header: 'authorization' }
  return apiKey ? { key: apiKey, header: 'x-portkey-api-key' } : undefined
}

/** The gateway key in `Authorization` (recognised by its `usk_` prefix), if that is what it holds. */
export function gatewayKeyBearer(headers: Headers): string | undefined {
  const value = headers.get('authorization')?.trim()
  if (!value) return undefined
  const match = /^bearer\s+(\S+)$/i.exec(value)
  const token = match ? match[1] : value
  return token.startsWith(GATEWAY_KEY_PREFIX) ? token : undefined
}

/**
 * The request headers the config layer and the executor see: without the gateway key, so that
 * it is never taken for a provider key nor forwarded upstream (forward_headers). The headers are
 * copied only when there is something to drop.
 */
export function withoutGatewayKey(headers: Headers): Headers {
  const dropAuthorization = gatewayKeyBearer(headers) !== undefined
  const dropApiKey = API_KEY_HEADERS.some((name) => headers.has(name))
  if (!dropAuthorization && !dropApiKey) return headers
  const copy = new Headers(headers)
  if (dropAuthorization) copy.delete('authorization')
  for (const name of API_KEY_HEADERS) copy.delete(name)
  return copy
}
