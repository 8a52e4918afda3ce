import { describe, expect, it } from 'vitest'
import { findPresentedKey, withoutGatewayKey } from '../../../worker/auth/presented-key'
import { readPortkeyHeaders } from '../../../worker/config/read-portkey-headers'

const KEY = 'usk_' + 'k'.repeat(40)

describe('findPresentedKey', () => {
  it.each([
    [{ 'x-portkey-api-key': KEY }, { key: KEY, header: 'x-portkey-api-key' }],
    [{ 'x-portkey-api_key': KEY }, { key: KEY, header: 'x-portkey-api-key' }],
    [{ authorization: `Bearer ${KEY}` }, { key: KEY, header: 'authorization' }],
    [{ authorization: `bearer  ${KEY}` }, { key: KEY, header: 'authorization' }],
    [{ authorization: KEY }, { key: KEY, header: 'authorization' }],
    [{ 'x-portkey-api-key': KEY, authorization: 'Bearer sk-provider' }, { key: KEY, header: 'x-portkey-api-key' }],
    [{ 'x-portkey-api-key': 'pk-portkey-cloud', authorization: `Bearer ${KEY}` }, { key: KEY, header: 'authorization' }],
    [{ 'x-portkey-api-key': 'pk-portkey-cloud' }, { key: 'pk-portkey-cloud', header: 'x-portkey-api-key' }],
  ])('finds the gateway key in %j', (headers, expected) => {
    expect(findPresentedKey(new Headers(headers))).toEqual(expected)
  })

  it('takes an Authorization value without the usk_ prefix for a provider key, not a gateway key', () => {
    expect(findPresentedKey(new Headers({ authorization: 'Bearer sk-proj-abc' }))).toBeUndefined()
  })
})

describe('withoutGatewayKey', () => {
  it('drops a usk_ bearer so that the config layer never takes it for a provider key', () => {
    const headers = withoutGatewayKey(new Headers({ authorization: `Bearer ${KEY}`, 'x-portkey-provider': 'openai' }))
    expect(readPortkeyHeaders(headers).callerKey).toBeUndefined()
    expect(headers.get('x-portkey-provider')).toBe('openai')
  })

  it('drops x-portkey-api-key in both spellings and keeps a provider key in Authorization', () => {
    const headers = withoutGatewayKey(new Headers({ 'x-portkey-api-key': KEY, 'x-portkey-api_key': KEY, authorization: 'Bearer sk-own' }))
    expect([...headers.keys()]).toEqual(['authorization'])
    expect(readPortkeyHeaders(headers).callerKey).toBe('sk-own')
  })

  it('returns the same headers when there is nothing to drop', () => {
    const headers = new Headers({ authorization: 'Bearer sk-own' })
    expect(withoutGatewayKey(headers)).toBe(headers)
  })
})
