import { describe, expect, it } from 'vitest'
import { googleError } from '../../../providers/google/google-error'
import { googleAdapter } from '../../../providers/google/index'
import { fixtureJson } from './helpers'

const error = (status: number, body: unknown, headers: Record<string, string> = {}) => googleAdapter.endpoints.chat!.toError(status, body, new Headers(headers))
const body = (code: number, status: string, message: string, details?: unknown[]) => ({ error: { code, message, status, ...(details ? { details } : {}) } })

describe('Google error mapping', () => {
  it('turns 400 INVALID_ARGUMENT with reason API_KEY_INVALID into a 401 invalid_api_key', () => {
    const mapped = error(400, fixtureJson('error-api-key-invalid.json'))
    expect(mapped).toMatchObject({ status: 401, code: 'invalid_api_key', retryable: false, provider: 'google', message: 'API key not valid. Please pass a valid API key.' })
  })

  it('treats an expired key like an invalid one', () => {
    const expired = body(400, 'INVALID_ARGUMENT', 'API key expired. Please renew the API key.', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_EXPIRED', domain: 'googleapis.com' }])
    expect(error(400, expired)).toMatchObject({ status: 401, code: 'invalid_api_key' })
  })

  it('keeps other 400s as invalid requests with Google’s message', () => {
    const mapped = error(400, body(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received. Unknown name "foo": Cannot find field.'))
    expect(mapped).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'invalid_argument', retryable: false })
    expect(mapped.message).toContain('Unknown name "foo"')
  })

  it('recognises a prompt over the context window', () => {
    const mapped = error(400, body(400, 'INVALID_ARGUMENT', 'The input token count (1048577) exceeds the maximum number of tokens allowed (1048576).'))
    expect(mapped.code).toBe('context_length_exceeded')
  })

  it('maps 403 PERMISSION_DENIED to a 403', () => {
    expect(error(403, body(403, 'PERMISSION_DENIED', 'Permission denied.'))).toMatchObject({ status: 403, type: 'permission_error', retryable: false })
  })

  it('maps a 404 for a model to model_not_found', () => {
    const mapped = error(404, body(404, 'NOT_FOUND', 'models/gemini-x is not found for API version v1beta, or is not supported for generateContent.'))
    expect(mapped).toMatchObject({ status: 404, code: 'model_not_found', retryable: false })
  })

  it('maps 429 RESOURCE_EXHAUSTED to a retryable rate limit carrying RetryInfo as retry-after', () => {
    const mapped = error(429, fixtureJson('error-rate-limit.json'))
    expect(mapped).toMatchObject({ status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', retryable: true })
    expect(mapped.headers).toEqual({ 'retry-after': '32', 'retry-after-ms': '32000' })
  })

  it('rounds a fractional retry delay up for retry-after, and uses the upstream header when the body has none', () => {
    expect(error(429, body(429, 'RESOURCE_EXHAUSTED', 'q', [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.5s' }])).headers).toEqual({ 'retry-after': '2', 'retry-after-ms': '1500' })
    expect(error(429, body(429, 'RESOURCE_EXHAUSTED', 'q'), { 'retry-after': '7' }).headers).toEqual({ 'retry-after': '7', 'retry-after-ms': '7000' })
    expect(error(429, body(429, 'RESOURCE_EXHAUSTED', 'q')).headers).toBeUndefined()
  })

  it.each([
    [500, 'INTERNAL'],
    [503, 'UNAVAILABLE'],
    [504, 'DEADLINE_EXCEEDED'],
  ])('keeps %i %s as a retryable server error', (status, googleStatus) => {
    expect(error(status, body(status, googleStatus, 'x'))).toMatchObject({ status, type: 'server_error', retryable: true, code: googleStatus.toLowerCase() })
  })

  it('maps a 401 UNAUTHENTICATED (Vertex) to invalid_api_key', () => {
    expect(error(401, body(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'))).toMatchObject({ status: 401, code: 'invalid_api_key' })
  })

  it('reads an error wrapped in an array, and a text body', () => {
    expect(error(503, [body(503, 'UNAVAILABLE', 'Overloaded')]).message).toBe('Overloaded')
    expect(error(502, '<html>Bad Gateway</html>')).toMatchObject({ status: 502, retryable: true, message: '<html>Bad Gateway</html>' })
  })

  it('truncates long upstream messages', () => {
    expect(googleError(400, body(400, 'INVALID_ARGUMENT', 'x'.repeat(5000)), new Headers()).message.length).toBeLessThanOrEqual(1001)
  })
})
