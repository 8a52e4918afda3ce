import { describe, expect, test } from 'vitest'
import { images } from './helpers'

const map = (status: number, body: unknown, headers: Record<string, string> = {}) => images.toError(status, body, new Headers(headers))
const v2 = (name: string, ...errors: string[]) => ({ id: 'e1', name, errors })
const v1 = (name: string, message: string) => ({ id: 'e1', name, message })

describe('mapStabilityError', () => {
  test('maps 403 content_moderation to a 400 content_policy_violation with Stability message', () => {
    const error = map(403, v2('content_moderation', 'Your request was flagged by our content moderation system.'))
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'content_policy_violation', retryable: false, provider: 'stability-ai' })
    expect(error.message).toBe('Stability AI: Your request was flagged by our content moderation system.')
  })

  test.each([
    [400, v2('bad_request', 'aspect_ratio: invalid', 'seed: invalid'), 400, 'bad_request', false, 'aspect_ratio: invalid; seed: invalid'],
    [413, v2('payload_too_large', 'Your request was larger than 10MiB.'), 413, 'payload_too_large', false, 'Your request was larger than 10MiB.'],
    [422, v2('invalid_language', 'English is the only supported language.'), 422, 'invalid_language', false, 'English is the only supported language.'],
    [429, v2('rate_limit_exceeded', 'Too many requests'), 429, 'rate_limit_exceeded', true, 'Too many requests'],
    [500, v2('internal_error', 'Unexpected error'), 500, null, true, 'Unexpected error'],
    [400, v1('invalid_sdxl_v1_dimensions', 'dimensions must be one of ...'), 400, 'invalid_sdxl_v1_dimensions', false, 'dimensions must be one of ...'],
    [401, v1('unauthorized', 'missing authorization header'), 401, 'invalid_api_key', false, 'missing authorization header'],
    [404, v1('not_found', 'engine not found'), 404, 'model_not_found', false, 'engine not found'],
    [403, v1('permission_denied', 'no access'), 403, 'permission_denied', false, 'no access'],
    [402, v2('payment_required', 'lack sufficient balance'), 402, 'insufficient_quota', false, 'lack sufficient balance'],
  ])('maps %i %j', (status, body, expected, code, retryable, message) => {
    const error = map(status, body)
    expect(error).toMatchObject({ status: expected, code, retryable })
    expect(error.message).toBe(`Stability AI: ${message}`)
  })

  test('passes retry-after through on a 429 and keeps a text body', () => {
    expect(map(429, v2('rate_limit_exceeded', 'slow'), { 'retry-after': '60' }).headers).toEqual({ 'retry-after': '60' })
    expect(map(502, '<html>Bad Gateway</html>')).toMatchObject({ status: 502, message: 'Stability AI: <html>Bad Gateway</html>', retryable: true })
    expect(map(500, { id: 'x', name: 'internal_error' }).message).toBe('Stability AI: internal_error')
  })
})
