import { beforeEach, describe, expect, it } from 'vitest'
import { REFRESH_MARGIN_MS, clearVertexTokenCache } from '../../../providers/vertex-ai/access-token'
import { vertexAdapter } from '../../../providers/vertex-ai/index'
import type { SignableRequest } from '../../../providers/types'
import { GatewayError } from '../../../worker/http/errors'
import { TOKEN_URI, keyPair, serviceAccountJson, vertexTarget } from './helpers'

const keys = keyPair()
const account = serviceAccountJson(keys)

/** A fake token endpoint that hands out numbered tokens and records what it was sent. */
function tokenServer(answer?: (call: number) => Response) {
  const calls: Array<{ url: string; body: URLSearchParams; contentType: string | null }> = []
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), body: new URLSearchParams(String(init?.body)), contentType: new Headers(init?.headers).get('content-type') })
    if (answer) return answer(calls.length)
    return Response.json({ access_token: `token-${calls.length}`, expires_in: 3600, token_type: 'Bearer' })
  }) as typeof globalThis.fetch
  return { calls, fetch }
}

async function bearer(apiKey: string, fetch: typeof globalThis.fetch, now: number): Promise<string | null> {
  const request: SignableRequest = { url: new URL('https://us-central1-aiplatform.googleapis.com/v1/x'), method: 'POST', headers: new Headers() }
  await vertexAdapter.authenticate(request, vertexTarget(apiKey), { fetch, now: () => now })
  return request.headers.get('authorization')
}

beforeEach(() => clearVertexTokenCache())

describe('Vertex AI access tokens', () => {
  it('exchanges a signed JWT at the token_uri with the jwt-bearer grant and sends the token as Bearer', async () => {
    const server = tokenServer()
    expect(await bearer(account, server.fetch, 1_700_000_000_000)).toBe('Bearer token-1')
    expect(server.calls).toHaveLength(1)
    expect(server.calls[0].url).toBe(TOKEN_URI)
    expect(server.calls[0].contentType).toBe('application/x-www-form-urlencoded')
    expect(server.calls[0].body.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer')
    const claims = JSON.parse(Buffer.from(server.calls[0].body.get('assertion')!.split('.')[1], 'base64url').toString())
    expect(claims.iat).toBe(1_700_000_000)
  })

  it('reuses the token until five minutes before it expires, then refreshes it (fake clock)', async () => {
    const server = tokenServer()
    const start = 1_700_000_000_000
    expect(await bearer(account, server.fetch, start)).toBe('Bearer token-1')
    expect(await bearer(account, server.fetch, start + 3600_000 - REFRESH_MARGIN_MS - 1)).toBe('Bearer token-1')
    expect(server.calls).toHaveLength(1)
    expect(await bearer(account, server.fetch, start + 3600_000 - REFRESH_MARGIN_MS)).toBe('Bearer token-2')
    expect(server.calls).toHaveLength(2)
    expect(await bearer(account, server.fetch, start + 3600_000)).toBe('Bearer token-2')
    expect(server.calls).toHaveLength(2)
  })

  it('never hands one request the exchange another has in flight; the finished token is shared', async () => {
    const server = tokenServer()
    const tokens = await Promise.all([1, 2].map(() => bearer(account, server.fetch, 0)))
    expect([...tokens].sort()).toEqual(['Bearer token-1', 'Bearer token-2']) // workerd cancels a request awaiting another's I/O
    expect(tokens).toContain(await bearer(account, server.fetch, 0))
    expect(server.calls).toHaveLength(2)
  })

  it('never hands a cached token to a credential with the same email but another private key', async () => {
    const server = tokenServer()
    await bearer(account, server.fetch, 0)
    const impostor = serviceAccountJson(keyPair())
    expect(await bearer(impostor, server.fetch, 0)).toBe('Bearer token-2')
    expect(server.calls).toHaveLength(2)
  })

  it('uses a credential that is not JSON as the access token itself, without any exchange', async () => {
    const server = tokenServer()
    expect(await bearer('ya29.ready-token', server.fetch, 0)).toBe('Bearer ya29.ready-token')
    expect(server.calls).toHaveLength(0)
  })

  it('turns a refused exchange into a 401 that keeps Google’s reason and never the key, and caches nothing', async () => {
    const server = tokenServer((call) => (call === 1 ? Response.json({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }, { status: 400 }) : Response.json({ access_token: 'late', expires_in: 3600 })))
    const error = await bearer(account, server.fetch, 0).catch((thrown) => thrown)
    expect(error).toBeInstanceOf(GatewayError)
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key', retryable: false })
    expect(error.message).toContain('invalid_grant: Invalid JWT Signature.')
    expect(error.message).not.toContain('PRIVATE KEY')
    expect(await bearer(account, server.fetch, 0)).toBe('Bearer late')
  })

  it('turns a busy or failing token endpoint into a retryable 502', async () => {
    for (const status of [429, 503]) {
      const server = tokenServer(() => Response.json({ error: 'backend_error' }, { status }))
      const error = await bearer(account, server.fetch, 0).catch((thrown) => thrown)
      expect(error).toMatchObject({ status: 502, retryable: true, code: 'token_exchange_failed' })
    }
  })

  it('turns an unreachable token endpoint into a retryable 502', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed')
    }) as typeof globalThis.fetch
    const error = await bearer(account, failing, 0).catch((thrown) => thrown)
    expect(error).toMatchObject({ status: 502, retryable: true })
  })

  it('lets an abort through unwrapped', async () => {
    const aborting = (async () => {
      throw new DOMException('aborted', 'AbortError')
    }) as typeof globalThis.fetch
    const error = await bearer(account, aborting, 0).catch((thrown) => thrown)
    expect(error.name).toBe('AbortError')
  })
})
