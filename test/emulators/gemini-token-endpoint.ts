import type { EmulatorAnswer, RecordedRequest } from './core'
import { JWT_BEARER_GRANT, checkClaims, verifyJwt } from './gemini-auth'

let issued = 0

/**
 * Google's OAuth token endpoint for the JWT-bearer grant: verifies the assertion's RS256 signature
 * against the trusted account's public key and its claims, then issues an access token.
 * @see https://developers.google.com/identity/protocols/oauth2/service-account#httprest
 */
export function tokenEndpoint(request: RecordedRequest, audience: string, trusted: Map<string, string>, tokens: Set<string>): EmulatorAnswer {
  const refuse = (error: string, description: string): EmulatorAnswer => ({ status: 400, json: { error, error_description: description } })
  const form = new URLSearchParams(request.raw.toString('utf8'))
  if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return refuse('invalid_request', 'Invalid content type.')
  if (form.get('grant_type') !== JWT_BEARER_GRANT) return refuse('unsupported_grant_type', 'Invalid grant_type: ' + form.get('grant_type'))
  const assertion = form.get('assertion') ?? ''
  const email = claimedIssuer(assertion)
  const publicKey = email ? trusted.get(email) : undefined
  if (!publicKey) return refuse('invalid_grant', 'Invalid grant: account not found')
  const verified = verifyJwt(assertion, publicKey)
  if ('problem' in verified) return refuse('invalid_grant', verified.problem)
  const problem = checkClaims(verified.claims, audience, Math.floor(Date.now() / 1000))
  if (problem) return refuse('invalid_grant', problem)
  issued += 1
  const token = `ya29.emulator-${issued}`
  tokens.add(token)
  return { json: { access_token: token, expires_in: 3599, token_type: 'Bearer' } }
}

function claimedIssuer(assertion: string): string | undefined {
  try {
    return JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8')).iss
  } catch {
    return undefined
  }
}
