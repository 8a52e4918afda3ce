import type { AdapterDeps, SignableRequest, Target } from '../types'
import { GatewayError } from '../../worker/http/errors'
import { sha256Hex, signSigV4, toAmzDate } from './sigv4'

/** The SigV4 signing name of Bedrock Runtime (its endpoint prefix is `bedrock-runtime`). */
export const BEDROCK_SIGNING_SERVICE = 'bedrock'
export const DEFAULT_BEDROCK_REGION = 'us-east-1'

/**
 * Authenticates a Bedrock request: SigV4 with `awsAccessKeyId` / `awsSecretAccessKey` (and
 * `awsSessionToken` as `x-amz-security-token`), signing host, x-amz-date, x-amz-content-sha256
 * (and the token) at `deps.now()`; else the target's key as a Bedrock API key (`Bearer`).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-use.html
 */
export async function authenticateBedrock(request: SignableRequest, target: Target, deps: AdapterDeps): Promise<void> {
  const { awsAccessKeyId, awsSecretAccessKey, awsSessionToken } = target.options
  if (awsAccessKeyId && awsSecretAccessKey) {
    const payloadHash = await sha256Hex(bodyBytes(request.body))
    const amzDate = toAmzDate(deps.now())
    const signed: Record<string, string> = { host: request.url.host, 'x-amz-date': amzDate, 'x-amz-content-sha256': payloadHash }
    if (awsSessionToken) signed['x-amz-security-token'] = awsSessionToken
    const { authorization } = await signSigV4(
      {
        method: request.method,
        url: request.url,
        headers: signed,
        payloadHash,
        region: target.options.awsRegion || DEFAULT_BEDROCK_REGION,
        service: BEDROCK_SIGNING_SERVICE,
        amzDate,
      },
      { accessKeyId: awsAccessKeyId, secretAccessKey: awsSecretAccessKey },
    )
    // fetch sets Host from the URL itself; the others travel as signed.
    for (const [name, value] of Object.entries(signed)) if (name !== 'host') request.headers.set(name, value)
    request.headers.set('authorization', authorization)
    return
  }
  if (target.apiKey) {
    request.headers.set('authorization', `Bearer ${target.apiKey}`)
    return
  }
  throw new GatewayError(401, 'The Bedrock target has no credentials: set awsAccessKeyId and awsSecretAccessKey (and awsRegion), or a Bedrock API key.', {
    type: 'invalid_request_error',
    code: 'missing_credentials',
    provider: 'bedrock',
    retryable: false,
  })
}

function bodyBytes(body: SignableRequest['body']): Uint8Array | string {
  if (body === undefined) return ''
  if (typeof body === 'string' || body instanceof Uint8Array) return body
  // Bedrock bodies are JSON; a multipart body cannot be hashed before it is serialised.
  throw new GatewayError(500, 'A multipart body cannot be signed for Bedrock.', { provider: 'bedrock', retryable: false })
}
