import { OPTION_BY_HEADER } from '../config/provider-option-names'
import { TRACE_HEADER_NAMES } from '../http/trace-headers'
import { RATE_LIMIT_HEADER_NAMES } from './rate-limit-headers'

/** The x-portkey-* request headers the gateway reads, plus those portkey-ai's SDK sends on its own. */
const PORTKEY_REQUEST_HEADERS = [
  'api-key', 'api_key', 'config', 'provider', 'virtual-key', 'custom-host', 'forward-headers', 'request-timeout',
  'trace-id', 'metadata', 'cache-force-refresh', 'cache-namespace', 'span-id', 'parent-span-id', 'span-name',
  'strict-open-ai-compliance', 'package-version', 'runtime', 'runtime-version',
  ...OPTION_BY_HEADER.keys(),
].map((suffix) => `x-portkey-${suffix}`)

/**
 * What a page may send: the OpenAI SDK's headers (it sends the x-stainless-* ones from browsers
 * too, see openai/core/detect-platform) and every x-portkey-* header.
 */
export const CORS_ALLOWED_HEADERS = [
  'authorization', 'content-type', 'accept', 'openai-organization', 'openai-project', 'idempotency-key',
  'x-stainless-arch', 'x-stainless-lang', 'x-stainless-os', 'x-stainless-package-version', 'x-stainless-runtime',
  'x-stainless-runtime-version', 'x-stainless-retry-count', 'x-stainless-timeout', 'x-stainless-helper-method',
  'x-stainless-poll-helper', 'x-stainless-custom-poll-interval',
  ...PORTKEY_REQUEST_HEADERS,
].join(', ')

/** Response headers a page may read besides the CORS-safelisted ones. */
export const CORS_EXPOSED_HEADERS = [...TRACE_HEADER_NAMES, 'retry-after', ...RATE_LIMIT_HEADER_NAMES].join(', ')

/** Browsers cap it (Chromium at 2 h); one preflight per two hours per page and header set. */
export const CORS_MAX_AGE_SECONDS = 7200

/**
 * Answers a preflight for any origin: a preflight carries no key, so whether the origin may use
 * the gateway is decided on the real request, whose refusal the page must be able to read.
 * No Access-Control-Allow-Credentials: keys travel in headers, never cookies.
 */
export function preflightResponse(request: Request): Response {
  const origin = request.headers.get('origin')
  const headers = new Headers({ vary: 'Origin' })
  if (origin !== null) {
    headers.set('access-control-allow-origin', origin)
    headers.set('access-control-allow-methods', 'GET, POST, OPTIONS')
    headers.set('access-control-allow-headers', CORS_ALLOWED_HEADERS)
    headers.set('access-control-max-age', String(CORS_MAX_AGE_SECONDS))
  }
  return new Response(null, { status: 204, headers })
}

/**
 * The response with the headers that let the page at `origin` read it. Every answer to a request
 * with an Origin carries them, refusals included; what a page may do is decided before executing.
 */
export function withCorsHeaders(response: Response, origin: string): Response {
  const result = new Response(response.body, response)
  result.headers.set('access-control-allow-origin', origin)
  result.headers.set('access-control-expose-headers', CORS_EXPOSED_HEADERS)
  result.headers.append('vary', 'Origin')
  return result
}

/**
 * Whether a request from a page at `origin` without a browser key is accepted: its origin must
 * be listed in env CORS_ORIGINS (comma-separated, exact origins). `*` accepts any origin, but
 * only for requests without a gateway key (bring-your-own-key); a server key must never be used
 * from an unlisted page.
 */
export function corsOriginAllowed(setting: unknown, origin: string, withGatewayKey: boolean): boolean {
  if (typeof setting !== 'string' || setting.trim() === '') return false
  for (const entry of setting.split(',')) {
    const allowed = entry.trim().replace(/\/+$/, '')
    if (allowed === origin) return true
    if (allowed === '*' && !withGatewayKey) return true
  }
  return false
}

/** Adds the CORS response headers to an answer of the OpenAI API (`/v1/…`) to a page. */
export function withCorsFor(request: Request, response: Response): Response {
  const origin = request.headers.get('origin')
  if (origin === null || request.method === 'OPTIONS' || !new URL(request.url).pathname.startsWith('/v1/')) return response
  return withCorsHeaders(response, origin)
}
