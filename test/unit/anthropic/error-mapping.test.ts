import { describe, expect, test } from 'vitest'
import { anthropicAdapter, anthropicError, statusOfAnthropicErrorType } from '../../../providers/anthropic'
import type { ErrorKind } from '../../emulators/scenarios'
import { errorFault } from '../../emulators/anthropic'

const fromFault = (kind: ErrorKind) => {
  const fault = errorFault(kind)
  return anthropicError(fault.status!, fault.body, new Headers(fault.headers))
}

describe('Anthropic error mapping', () => {
  test.each([
    ['bad_request', 400, 'invalid_request_error', null, false],
    ['auth', 401, 'invalid_request_error', 'invalid_api_key', false],
    ['permission', 403, 'permission_error', null, false],
    ['not_found', 404, 'not_found_error', 'model_not_found', false],
    ['rate_limit', 429, 'rate_limit_error', 'rate_limit_exceeded', true],
    ['server', 500, 'server_error', 'api_error', true],
    ['overloaded', 503, 'server_error', 'overloaded', true],
    ['context_length', 400, 'invalid_request_error', 'context_length_exceeded', false],
    ['content_filter', 400, 'invalid_request_error', 'content_filter', false],
  ] as const)('maps the %s error to %i %s (code %s)', (kind, status, type, code, retryable) => {
    const error = fromFault(kind)
    expect({ status: error.status, type: error.type, code: error.code, retryable: error.retryable }).toEqual({ status, type, code, retryable })
    expect(error.message).toBe((errorFault(kind).body as any).error.message)
    expect(error.provider).toBe('anthropic')
  })

  test('passes retry-after through on a 429', () => {
    const error = anthropicError(429, { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }, new Headers({ 'retry-after': '17', 'request-id': 'req_1' }))
    expect(error.headers).toEqual({ 'retry-after': '17' })
  })

  test('treats a spend-limit 429 as not retryable', () => {
    const body = { type: 'error', error: { type: 'rate_limit_error', message: 'limit', details: { error_code: 'enforced_spend_limit_reached' } } }
    expect(anthropicError(429, body, new Headers())).toMatchObject({ status: 429, retryable: false, code: 'insufficient_quota' })
  })

  test('maps 413 request_too_large and 504 timeout_error', () => {
    expect(anthropicError(413, { type: 'error', error: { type: 'request_too_large', message: 'Request exceeds the maximum size' } }, new Headers())).toMatchObject({ status: 413, code: 'request_too_large', retryable: false })
    expect(anthropicError(504, { type: 'error', error: { type: 'timeout_error', message: 'Request timed out' } }, new Headers())).toMatchObject({ status: 504, retryable: true })
  })

  test('keeps a truncated excerpt of a body that is not Anthropic JSON', () => {
    const error = anthropicError(502, `<html>${'x'.repeat(5000)}</html>`, new Headers())
    expect(error.status).toBe(502)
    expect(error.message.startsWith('Anthropic answered 502: <html>')).toBe(true)
    expect(error.message.length).toBeLessThanOrEqual(501)
  })

  test.each([
    ['invalid_request_error', 400], ['authentication_error', 401], ['billing_error', 402], ['permission_error', 403],
    ['not_found_error', 404], ['request_too_large', 413], ['rate_limit_error', 429], ['api_error', 500],
    ['timeout_error', 504], ['overloaded_error', 529], ['something_new', 500],
  ])('gives stream error type %s the status %i', (type, status) => {
    expect(statusOfAnthropicErrorType(type)).toBe(status)
  })

  test('is the chat endpoint toError', () => {
    expect(anthropicAdapter.endpoints.chat!.toError(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, new Headers()).status).toBe(503)
  })
})
