import { GatewayError } from '../../http/errors'
import type { Env } from '../../platform/env'

/** Shorter admin tokens are refused: the admin API can spend every provider key of the deployment. */
export const MIN_ADMIN_TOKEN_LENGTH = 16

/**
 * Admits a request to the admin API only with `Authorization: Bearer <ADMIN_TOKEN>`. Without a
 * usable ADMIN_TOKEN secret the whole admin API is off (503), so a fresh deployment is closed.
 */
export async function checkAdminToken(request: Request, env: Env): Promise<void> {
  const token = env.ADMIN_TOKEN
  if (typeof token !== 'string' || token.length < MIN_ADMIN_TOKEN_LENGTH) throw adminDisabled(typeof token === 'string' && token !== '')
  const presented = bearer(request.headers.get('authorization'))
  if (presented === undefined || !(await sameSecret(presented, token))) {
    throw new GatewayError(401, 'The admin API needs Authorization: Bearer <ADMIN_TOKEN>; the token sent is missing or wrong.', {
      type: 'authentication_error',
      code: 'invalid_admin_token',
      retryable: false,
      headers: { 'www-authenticate': 'Bearer realm="understudy-admin"' },
    })
  }
}

function bearer(header: string | null): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i)
  return match?.[1]
}

/**
 * Compares two strings in time independent of where they differ and of their lengths, by
 * comparing their SHA-256 digests with a full XOR pass.
 */
export async function sameSecret(a: string, b: string): Promise<boolean> {
  const encoder = new TextEncoder()
  const [left, right] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(a)),
    crypto.subtle.digest('SHA-256', encoder.encode(b)),
  ])
  const x = new Uint8Array(left)
  const y = new Uint8Array(right)
  let difference = 0
  for (let index = 0; index < x.length; index++) difference |= x[index] ^ y[index]
  return difference === 0
}

function adminDisabled(tooShort: boolean): GatewayError {
  const reason = tooShort ? `the ADMIN_TOKEN secret is shorter than ${MIN_ADMIN_TOKEN_LENGTH} characters` : 'the ADMIN_TOKEN secret is not set'
  return new GatewayError(
    503,
    `The admin API is disabled: ${reason}. Set it with: openssl rand -base64 32 | npx wrangler secret put ADMIN_TOKEN (locally: ADMIN_TOKEN=... in .dev.vars).`,
    { type: 'server_error', code: 'admin_disabled', retryable: false },
  )
}
