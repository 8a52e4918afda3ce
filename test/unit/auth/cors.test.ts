import { describe, expect, it } from 'vitest'
import { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, corsOriginAllowed, preflightResponse, withCorsFor } from '../../../worker/auth/cors'
import { TRACE_HEADER_NAMES } from '../../../worker/http/trace-headers'

const APP = 'https://app.example.com'

describe('corsOriginAllowed (env CORS_ORIGINS)', () => {
  it.each([
    [undefined, APP, false, false],
    ['', APP, false, false],
    [`${APP}, https://other.example.com`, APP, true, true],
    [`${APP}/`, APP, true, true],
    ['https://other.example.com', APP, false, false],
    ['*', APP, false, true],
    ['*', APP, true, false],
    [`*,${APP}`, APP, true, true],
  ])('setting %j, origin %s, with a gateway key %s → %s', (setting, origin, keyed, expected) => {
    expect(corsOriginAllowed(setting, origin, keyed)).toBe(expected)
  })
})

describe('preflightResponse', () => {
  it('answers 204 for the origin (never *), allowing authorization, content-type and the x-portkey and x-stainless headers', () => {
    const response = preflightResponse(new Request('https://gw.example/v1/chat/completions', { method: 'OPTIONS', headers: { origin: APP, 'access-control-request-method': 'POST' } }))
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe(APP)
    expect(response.headers.get('access-control-allow-credentials')).toBeNull()
    expect(response.headers.get('access-control-allow-methods')).toContain('POST')
    expect(response.headers.get('access-control-max-age')).toBe('7200')
    expect(response.headers.get('vary')).toBe('Origin')
    const allowed = response.headers.get('access-control-allow-headers')!.split(', ')
    for (const name of ['authorization', 'content-type', 'x-portkey-api-key', 'x-portkey-config', 'x-portkey-metadata', 'x-portkey-trace-id', 'x-portkey-provider', 'x-portkey-azure-resource-name', 'x-stainless-os', 'x-stainless-runtime', 'x-stainless-retry-count', 'x-stainless-timeout']) {
      expect(allowed).toContain(name)
    }
    expect(CORS_ALLOWED_HEADERS).toBe(allowed.join(', '))
  })
})

describe('withCorsFor', () => {
  it('lets a page read an answer of /v1 and its trace headers, keeping the body a stream', async () => {
    const body = new ReadableStream({ start: (controller) => (controller.enqueue(new TextEncoder().encode('data: x\n\n')), controller.close()) })
    const upstream = new Response(body, { status: 403, headers: { 'content-type': 'text/event-stream', vary: 'Accept-Encoding' } })
    const response = withCorsFor(new Request('https://gw.example/v1/chat/completions', { method: 'POST', headers: { origin: APP } }), upstream)
    expect(response.status).toBe(403)
    expect(response.headers.get('access-control-allow-origin')).toBe(APP)
    expect(response.headers.get('vary')).toBe('Accept-Encoding, Origin')
    for (const name of [...TRACE_HEADER_NAMES, 'retry-after', 'x-ratelimit-remaining-requests']) expect(CORS_EXPOSED_HEADERS).toContain(name)
    expect(await response.text()).toBe('data: x\n\n')
  })

  it('adds nothing without an Origin, nor outside /v1 (the admin API is not for pages)', () => {
    const upstream = new Response('{}')
    expect(withCorsFor(new Request('https://gw.example/v1/models'), upstream)).toBe(upstream)
    expect(withCorsFor(new Request('https://gw.example/admin/keys', { headers: { origin: APP } }), upstream)).toBe(upstream)
  })
})
