import { describe, expect, test } from 'vitest'
import { bedrockToError, normaliseErrorType } from '../../../providers/bedrock/map-error'

const CORAL = ':http://internal.amazon.com/coral/com.amazon.bedrock/'
const toError = (status: number, type: string, message: string) => bedrockToError(status, { message }, new Headers({ 'x-amzn-errortype': type + CORAL }))

describe('Bedrock HTTP errors → GatewayError', () => {
  test.each([
    [400, 'ValidationException', 'Malformed input request, please reformat your input and try again.', 400, null, false],
    [400, 'ValidationException', 'Input is too long for requested model.', 400, 'context_length_exceeded', false],
    [400, 'ValidationException', 'prompt is too long: 210000 tokens > 200000 maximum', 400, 'context_length_exceeded', false],
    [400, 'ValidationException', 'The provided model identifier is invalid.', 404, 'model_not_found', false],
    [400, 'ValidationException', 'This request has been blocked by our content filters.', 400, 'content_policy_violation', false],
    [403, 'AccessDeniedException', "You don't have access to the model with the specified model ID.", 403, 'permission_denied', false],
    [403, 'UnrecognizedClientException', 'The security token included in the request is invalid.', 401, 'invalid_api_key', false],
    [403, 'InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.', 401, 'invalid_api_key', false],
    [403, 'ExpiredTokenException', 'The security token included in the request is expired', 401, 'invalid_api_key', false],
    [404, 'ResourceNotFoundException', 'Could not resolve the foundation model from the provided model identifier.', 404, 'model_not_found', false],
    [429, 'ThrottlingException', 'Too many requests, please wait before trying again.', 429, 'rate_limit_exceeded', true],
    [400, 'ServiceQuotaExceededException', 'Quota exceeded.', 429, 'insufficient_quota', false],
    [429, 'ModelNotReadyException', 'Model is not ready.', 503, 'model_not_ready', true],
    [408, 'ModelTimeoutException', 'Model timed out.', 504, 'timeout', true],
    [424, 'ModelErrorException', 'The model failed.', 502, 'model_error', true],
    [500, 'InternalServerException', 'Internal error.', 500, null, true],
    [503, 'ServiceUnavailableException', 'Bedrock is unable to process your request.', 503, null, true],
  ])('%i %s → %i %s', (status, type, message, expectedStatus, code, retryable) => {
    const error = toError(status, type, message)
    expect(error).toMatchObject({ status: expectedStatus, code, retryable, provider: 'bedrock', message })
  })

  test('401 errors use the OpenAI invalid_request_error type', () => {
    expect(toError(403, 'UnrecognizedClientException', 'x').type).toBe('invalid_request_error')
  })

  test('drops the canonical request AWS appends to signature errors (it holds the session token)', () => {
    const message =
      'The request signature we calculated does not match the signature you provided.\n\nThe Canonical String for this request should have been\n' +
      "'POST\n/model/m/converse\n\nhost:bedrock-runtime.us-east-1.amazonaws.com\nx-amz-security-token:SECRET-SESSION-TOKEN\n'"
    const error = toError(403, 'InvalidSignatureException', message)
    expect(error.message).toBe('The request signature we calculated does not match the signature you provided.')
    expect(error.message).not.toContain('SECRET-SESSION-TOKEN')
  })

  test('truncates long messages', () => {
    expect(toError(400, 'ValidationException', 'x'.repeat(5000)).message.length).toBeLessThanOrEqual(501)
  })

  test('keeps the status and names the raw type when it is unknown', () => {
    const error = toError(418, 'TeapotException', 'short and stout')
    expect(error).toMatchObject({ status: 418, message: 'short and stout (TeapotException)' })
  })

  test('reads the type from __type when the header is missing, and plain-text bodies', () => {
    expect(bedrockToError(429, { __type: 'com.amazon.coral.availability#ThrottlingException', message: 'slow down' }, new Headers()).code).toBe('rate_limit_exceeded')
    expect(bedrockToError(502, '<html>Bad Gateway</html>', new Headers())).toMatchObject({ status: 502, message: '<html>Bad Gateway</html>' })
  })

  test('normalises header values and stream member names', () => {
    expect(normaliseErrorType('ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/')).toBe('ValidationException')
    expect(normaliseErrorType('aws.protocols#ThrottlingException')).toBe('ThrottlingException')
    expect(normaliseErrorType('modelStreamErrorException')).toBe('ModelStreamErrorException')
  })
})
