import { describe, expect, test } from 'vitest'
import { vertexAdapter } from '../../../providers/vertex-ai'
import { checkTokenUri } from '../../../providers/vertex-ai/token-uri-policy'
import type { ServiceAccount } from '../../../providers/vertex-ai/service-account'
import { keyPair, serviceAccountJson, vertexTarget } from './helpers'

const account = (tokenUri: string): ServiceAccount => ({ client_email: 'a@p.iam.gserviceaccount.com', private_key: 'unused', token_uri: tokenUri })
const VERTEX = new URL('https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/models/m:generateContent')

describe('the token_uri of a Vertex service account', () => {
  test("Google's own token endpoint is always allowed", () => {
    expect(() => checkTokenUri(account('https://oauth2.googleapis.com/token'), VERTEX)).not.toThrow()
  })

  test('the origin the request itself goes to is allowed (an integration host, an emulator)', () => {
    expect(() => checkTokenUri(account('http://127.0.0.1:4001/token'), new URL('http://127.0.0.1:4001/v1/projects/p'))).not.toThrow()
  })

  test.each([
    ['an internal metadata address', 'http://169.254.169.254/computeMetadata/v1/token'],
    ['another port on the same host', 'http://127.0.0.1:4002/token'],
    ['a look-alike Google host', 'https://oauth2.googleapis.com.evil.example/token'],
    ['a non-http scheme', 'file:///etc/passwd'],
    ['not a URL', 'token'],
  ])('%s is refused with a 401 that names no key', (_name, tokenUri) => {
    const thrown = (() => {
      try {
        checkTokenUri(account(tokenUri), new URL('http://127.0.0.1:4001/v1/projects/p'))
      } catch (error) {
        return error as { status: number; message: string }
      }
    })()
    expect(thrown?.status).toBe(401)
    expect(thrown?.message).toMatch(/token_uri/)
  })

  test('authenticate refuses before any fetch: a caller-supplied key file cannot make the gateway call an arbitrary host', async () => {
    const fetched: string[] = []
    const fetch = (async (input: RequestInfo | URL) => {
      fetched.push(String(input))
      return new Response('{}')
    }) as typeof globalThis.fetch
    const key = serviceAccountJson(keyPair(), { token_uri: 'http://169.254.169.254/token' })
    const target = { ...vertexTarget(key), keySource: 'caller' as const }
    const request = { url: VERTEX, method: 'POST' as const, headers: new Headers() }
    await expect(vertexAdapter.authenticate(request, target, { fetch, now: Date.now })).rejects.toMatchObject({ status: 401 })
    expect(fetched).toEqual([])
  })
})
