import { describe, expect, test } from 'vitest'
import { authenticateBedrock } from '../../../providers/bedrock/authenticate'
import { canonicalUri, sha256Hex, signSigV4, toAmzDate } from '../../../providers/bedrock/sigv4'
import type { SignableRequest } from '../../../providers/types'
import { GatewayError } from '../../../worker/http/errors'
import { verifySigV4 } from '../../emulators/bedrock-sigv4'
import type { RecordedRequest } from '../../emulators/core'
import { makeTarget } from './helpers'

// AWS Signature Version 4 test suite (aws-sig-v4-test-suite): credentials, scope and expected values.
const SUITE = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }
const SCOPE = 'AKIDEXAMPLE/20150830/us-east-1/service/aws4_request'
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
const STS_TOKEN =
  'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=='

async function suiteSign(method: string, url: string, headers: Record<string, string> = {}, body = '') {
  return signSigV4(
    {
      method,
      url: new URL(url),
      headers: { Host: 'example.amazonaws.com', 'X-Amz-Date': '20150830T123600Z', ...headers },
      payloadHash: await sha256Hex(body),
      region: 'us-east-1',
      service: 'service',
      amzDate: '20150830T123600Z',
    },
    SUITE,
  )
}

describe('SigV4 against the AWS test suite', () => {
  test('get-vanilla: canonical request, string to sign and signature match', async () => {
    const result = await suiteSign('GET', 'https://example.amazonaws.com/')
    expect(result.canonicalRequest).toBe(`GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n${EMPTY_SHA256}`)
    expect(result.stringToSign).toBe('AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63')
    expect(result.authorization).toBe(`AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31`)
  })

  test('post-vanilla', async () => {
    const result = await suiteSign('POST', 'https://example.amazonaws.com/')
    expect(result.stringToSign.endsWith('553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87')).toBe(true)
    expect(result.signature).toBe('5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b')
  })

  test('get-vanilla-query-order-key-case sorts query parameters by name', async () => {
    const result = await suiteSign('GET', 'https://example.amazonaws.com/?Param2=value2&Param1=value1')
    expect(result.signature).toBe('b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500')
  })

  test('post-x-www-form-urlencoded signs the body hash and content-type', async () => {
    const result = await suiteSign('POST', 'https://example.amazonaws.com/', { 'Content-Type': 'application/x-www-form-urlencoded' }, 'Param1=value1')
    expect(result.authorization).toBe(`AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a`)
  })

  test('post-sts-header-before signs the session token', async () => {
    const result = await suiteSign('POST', 'https://example.amazonaws.com/', { 'X-Amz-Security-Token': STS_TOKEN })
    expect(result.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead`,
    )
  })
})

describe('canonical URI', () => {
  test('encodes each segment of the sent path again (non-S3 double encoding)', () => {
    expect(canonicalUri('/model/us.anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse')).toBe('/model/us.anthropic.claude-3-5-sonnet-20240620-v1%253A0/converse')
    expect(canonicalUri('/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.x/converse')).toBe(
      '/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A123456789012%253Ainference-profile%252Fus.x/converse',
    )
    expect(canonicalUri('/')).toBe('/')
  })

  test('formats x-amz-date from milliseconds', () => {
    expect(toAmzDate(Date.UTC(2015, 7, 30, 12, 36, 0, 789))).toBe('20150830T123600Z')
  })
})

function signable(url: string, body: string): SignableRequest {
  return { url: new URL(url), method: 'POST', headers: new Headers({ 'content-type': 'application/json' }), body }
}

function asRecorded(request: SignableRequest): RecordedRequest {
  const headers: Record<string, string> = { host: request.url.host }
  request.headers.forEach((value, name) => (headers[name] = value))
  const raw = Buffer.from(request.body as string)
  return { method: request.method, url: request.url.pathname + request.url.search, headers, raw, json: JSON.parse(raw.toString()) }
}

describe('authenticateBedrock', () => {
  const clock = { fetch, now: () => Date.UTC(2015, 7, 30, 12, 36, 0) }
  const credentials = { awsAccessKeyId: 'AKIDTEST', awsSecretAccessKey: 'test/secret+KEY', awsRegion: 'eu-west-3' }

  test('signs host, x-amz-content-sha256 and x-amz-date for service bedrock at the injected clock', async () => {
    const request = signable('https://bedrock-runtime.eu-west-3.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse', '{"messages":[]}')
    await authenticateBedrock(request, makeTarget(credentials), clock)
    expect(request.headers.get('x-amz-date')).toBe('20150830T123600Z')
    expect(request.headers.get('x-amz-content-sha256')).toBe(await sha256Hex('{"messages":[]}'))
    expect(request.headers.get('authorization')).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/20150830\/eu-west-3\/bedrock\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    )
    // An independent verifier (node:crypto, as the emulator uses) accepts the signature.
    expect(verifySigV4(asRecorded(request), { accessKeyId: 'AKIDTEST', secretAccessKey: 'test/secret+KEY' })).toEqual({ ok: true })
  })

  test('the independent verifier rejects the signature under another secret', async () => {
    const request = signable('https://bedrock-runtime.eu-west-3.amazonaws.com/model/m/converse', '{}')
    await authenticateBedrock(request, makeTarget(credentials), clock)
    expect(verifySigV4(asRecorded(request), { accessKeyId: 'AKIDTEST', secretAccessKey: 'other' })).toMatchObject({ ok: false, type: 'InvalidSignatureException' })
  })

  test('sends and signs the session token', async () => {
    const request = signable('https://bedrock-runtime.eu-west-3.amazonaws.com/model/m/converse', '{}')
    await authenticateBedrock(request, makeTarget({ ...credentials, awsSessionToken: 'session-token' }), clock)
    expect(request.headers.get('x-amz-security-token')).toBe('session-token')
    expect(request.headers.get('authorization')).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,')
  })

  test('uses the target key as a Bedrock API key when no AWS credentials are set', async () => {
    const request = signable('https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse', '{}')
    await authenticateBedrock(request, makeTarget({}, 'bedrock-api-key-123'), clock)
    expect(request.headers.get('authorization')).toBe('Bearer bedrock-api-key-123')
    expect(request.headers.has('x-amz-date')).toBe(false)
  })

  test('fails with a 401 naming no secret when there are no credentials', async () => {
    const request = signable('https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse', '{}')
    const error = await authenticateBedrock(request, makeTarget({ awsAccessKeyId: 'AKIDONLY', awsSecretAccessKey: '' }), clock).catch((thrown) => thrown)
    expect(error).toBeInstanceOf(GatewayError)
    expect(error.status).toBe(401)
    expect(error.message).not.toContain('AKIDONLY')
  })
})
