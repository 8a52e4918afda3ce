import { describe, expect, it } from 'vitest'
import { openAIAdapter, mapInBandError, truncateMessage } from '../../../providers/openai'
import { GatewayError, errorBody } from '../../../worker/http/errors'
import { errorFault } from '../../emulators/openai'
import type { ErrorKind } from '../../emulators/scenarios'

const toError = openAIAdapter.endpoints.chat!.toError

/** The error the adapter makes of one of the emulator's exact error answers. */
function fromFault(kind: ErrorKind): GatewayError {
  const fault = errorFault(kind)
  return toError(fault.status!, fault.body, new Headers(fault.headers))
}

describe('openai toError, per error class', () => {
  const expected: Array<[ErrorKind, number, string, string | null, boolean]> = [
    ['bad_request', 400, 'invalid_request_error', 'invalid_value', false],
    ['auth', 401, 'invalid_request_error', 'invalid_api_key', false],
    ['permission', 403, 'request_forbidden', 'unsupported_country_region_territory', false],
    ['not_found', 404, 'invalid_request_error', 'model_not_found', false],
    ['rate_limit', 429, 'requests', 'rate_limit_exceeded', true],
    ['server', 500, 'server_error', null, true],
    ['overloaded', 503, 'server_error', null, true],
    ['context_length', 400, 'invalid_request_error', 'context_length_exceeded', false],
    ['content_filter', 400, 'invalid_request_error', 'content_policy_violation', false],
  ]
  for (const [kind, status, type, code, retryable] of expected) {
    it(`keeps status ${status}, type, code and message of ${kind}, retryable=${retryable}`, () => {
      const error = fromFault(kind)
      expect(error).toBeInstanceOf(GatewayError)
      expect([error.status, error.type, error.code, error.retryable, error.provider]).toEqual([status, type, code, retryable, 'openai'])
      expect(error.message).toBe(truncateMessage(String((errorFault(kind).body as any).error.message)))
    })
  }

  it('keeps param', () => {
    expect(fromFault('context_length').param).toBe('messages')
    expect(fromFault('bad_request').param).toBe('temperature')
  })

  it('carries retry-after and retry-after-ms on a 429 and a 503, and nothing on other statuses', () => {
    expect(fromFault('rate_limit').headers).toEqual({ 'retry-after': '0', 'retry-after-ms': '0' })
    expect(fromFault('overloaded').headers).toEqual({ 'retry-after': '0', 'retry-after-ms': '0' })
    const headers = new Headers({ 'retry-after': '5' })
    expect(toError(500, { error: { message: 'x' } }, headers).headers).toBeUndefined()
  })

  it('retries 408 and 409 like the OpenAI SDK, not 400/401/403/404/422', () => {
    for (const status of [408, 409, 502, 504]) expect(toError(status, {}, new Headers()).retryable, String(status)).toBe(true)
    for (const status of [400, 401, 403, 404, 422]) expect(toError(status, {}, new Headers()).retryable, String(status)).toBe(false)
  })

  it('does not retry a 429 for exhausted quota', () => {
    const error = toError(429, { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } }, new Headers())
    expect(error.retryable).toBe(false)
  })

  it('redacts key-shaped text from upstream messages', () => {
    const error = fromFault('auth')
    expect(error.message).not.toMatch(/sk-emul/)
    expect(error.message).toContain('[redacted]')
    expect(toError(401, 'Bearer sk-live-abcdef123456 rejected', new Headers()).message).not.toContain('abcdef123456')
  })

  it('truncates a long upstream message and keeps its beginning', () => {
    const error = toError(400, { error: { message: 'x'.repeat(5000) } }, new Headers())
    expect(error.message.length).toBeLessThanOrEqual(501)
    expect(error.message.startsWith('xxx')).toBe(true)
  })

  it('reads text bodies, bare string errors and empty bodies', () => {
    expect(toError(502, '<html>Bad gateway</html>', new Headers()).message).toBe('<html>Bad gateway</html>')
    expect(toError(500, { error: 'model crashed' }, new Headers()).message).toBe('model crashed')
    expect(toError(503, undefined, new Headers()).message).toBe('openai answered with HTTP 503')
    expect(toError(404, {}, new Headers()).type).toBe('not_found_error')
  })

  it('renders back into the same OpenAI envelope', () => {
    expect(errorBody(fromFault('context_length'))).toMatchObject({ error: { type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } })
  })
})

describe('in-band errors (inside a 200)', () => {
  it('takes the status from a numeric code (OpenRouter) and leaves code null', () => {
    const error = mapInBandError({ code: 429, message: 'Rate limited' }, 'openrouter')
    expect([error.status, error.code, error.retryable]).toEqual([429, null, true])
  })

  it('takes the status from a named code, then from the type, else 500', () => {
    expect(mapInBandError({ message: 'x', type: 'invalid_request_error', code: 'context_length_exceeded' }).status).toBe(400)
    expect(mapInBandError({ message: 'x', type: 'invalid_request_error', code: 'something_new' }).status).toBe(400)
    expect(mapInBandError({ message: 'x', type: 'server_error' }).status).toBe(500)
    expect(mapInBandError('plain text').status).toBe(500)
  })
})
