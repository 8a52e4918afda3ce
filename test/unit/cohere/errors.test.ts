import { describe, expect, test } from 'vitest'
import { mapCohereError } from '../../../providers/cohere/map-cohere-error'
import { fixture } from './helpers'

const map = (status: number, body: unknown, headers: Record<string, string> = {}) => mapCohereError(status, body, new Headers(headers))

describe('mapCohereError', () => {
  test.each([
    [400, 400, 'invalid_request_error', null, false],
    [401, 401, 'invalid_request_error', 'invalid_api_key', false],
    [498, 401, 'invalid_request_error', 'invalid_api_key', false],
    [402, 402, 'insufficient_quota', 'insufficient_quota', false],
    [403, 403, 'permission_error', null, false],
    [404, 404, 'not_found_error', 'model_not_found', false],
    [422, 400, 'invalid_request_error', null, false],
    [429, 429, 'rate_limit_error', 'rate_limit_exceeded', true],
    [499, 502, 'server_error', null, true],
    [500, 500, 'server_error', null, true],
    [503, 503, 'server_error', null, true],
    [504, 504, 'server_error', null, true],
  ])('maps Cohere %i to %i %s', (status, expected, type, code, retryable) => {
    const error = map(status, { id: 'e1', message: 'something happened' })
    expect(error).toMatchObject({ status: expected, type, code, retryable, provider: 'cohere' })
    expect(error.message).toBe('Cohere: something happened')
  })

  test('passes retry-after through on a 429', () => {
    expect(map(429, { message: 'slow down' }, { 'retry-after': '3' }).headers).toEqual({ 'retry-after': '3' })
    expect(map(429, { message: 'slow down' }).headers).toBeUndefined()
  })

  test('recognises "too many tokens" as context_length_exceeded and "blocked" as content_policy_violation', () => {
    const body = JSON.parse(new TextDecoder().decode(fixture('error-too-many-tokens.json')))
    expect(map(400, body).code).toBe('context_length_exceeded')
    expect(map(400, { message: 'blocked output: please adjust your prompt' }).code).toBe('content_policy_violation')
  })

  test('keeps a text body, truncates a long message, and names the status when there is nothing else', () => {
    expect(map(502, 'Bad Gateway').message).toBe('Cohere: Bad Gateway')
    expect(map(400, { message: 'x'.repeat(5_000) }).message.length).toBeLessThan(1_100)
    expect(map(500, '').message).toBe('Cohere: HTTP 500')
  })
})
