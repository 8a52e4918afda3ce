import { GatewayError } from '../../worker/http/errors'

/** The fields of a Google service-account key file the gateway uses. */
export interface ServiceAccount {
  client_email: string
  private_key: string
  private_key_id?: string
  token_uri: string
  project_id?: string
}

/** A Vertex AI credential: a service-account key to exchange, or a ready OAuth access token. */
export type VertexCredential = { kind: 'service-account'; account: ServiceAccount } | { kind: 'access-token'; token: string }

export const DEFAULT_TOKEN_URI = 'https://oauth2.googleapis.com/token'

/**
 * Reads `target.apiKey`: a service-account JSON (from a Worker Secret), or anything else taken as
 * an OAuth access token. Something that looks like JSON but is not a usable service account is a
 * 401 rather than a bearer token, and the message never quotes it.
 * @see https://cloud.google.com/iam/docs/keys-create-delete
 */
export function parseVertexCredential(apiKey: string | undefined): VertexCredential {
  const key = apiKey?.trim()
  if (!key) throw credentialError('No Vertex AI credential was given: set a service-account JSON or an access token.')
  if (!key.startsWith('{')) return { kind: 'access-token', token: key.replace(/^Bearer\s+/i, '') }
  let parsed: Record<string, unknown>
  try {
    parsed = JSON.parse(key) as Record<string, unknown>
  } catch {
    throw credentialError('The Vertex AI credential looks like JSON but does not parse.')
  }
  if (parsed.type !== undefined && parsed.type !== 'service_account') {
    throw credentialError(`Vertex AI needs a service-account key (type service_account), not '${String(parsed.type).slice(0, 40)}'.`)
  }
  if (typeof parsed.client_email !== 'string' || typeof parsed.private_key !== 'string') {
    throw credentialError('The Vertex AI service account lacks client_email or private_key.')
  }
  return {
    kind: 'service-account',
    account: {
      client_email: parsed.client_email,
      // Secrets pasted through some UIs keep the JSON escapes; a PEM needs real newlines.
      private_key: parsed.private_key.replace(/\\n/g, '\n'),
      private_key_id: typeof parsed.private_key_id === 'string' ? parsed.private_key_id : undefined,
      token_uri: typeof parsed.token_uri === 'string' && parsed.token_uri !== '' ? parsed.token_uri : DEFAULT_TOKEN_URI,
      project_id: typeof parsed.project_id === 'string' ? parsed.project_id : undefined,
    },
  }
}

/** The project of a credential, when it is a service account that names one. */
export function credentialProject(apiKey: string | undefined): string | undefined {
  try {
    const credential = parseVertexCredential(apiKey)
    return credential.kind === 'service-account' ? credential.account.project_id : undefined
  } catch {
    return undefined
  }
}

export function credentialError(message: string): GatewayError {
  return new GatewayError(401, message, { type: 'invalid_request_error', code: 'invalid_api_key', provider: 'vertex-ai', retryable: false })
}
