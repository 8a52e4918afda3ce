import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hashGatewayKey } from '../../../worker/auth/hash-key'
import { type KeyRecord, keyRecordKey } from '../../../worker/auth/key-record'
import { KEY_FOUND_TTL_MS, KEY_MISSING_TTL_MS } from '../../../worker/auth/key-memo'
import { verifyGatewayKey } from '../../../worker/auth/verify-key'
import { GatewayError } from '../../../worker/http/errors'
import { fakeKv, manualClock } from '../config/fake-kv'

const KEY = 'usk_' + 'A'.repeat(40)
const hash = (key: string) => createHash('sha256').update(key).digest('hex')
const record = (extra: Partial<KeyRecord> = {}): KeyRecord => ({ id: 'key_0123456789abcdef', prefix: KEY.slice(0, 12), browser: false, created_at: '2026-01-01T00:00:00Z', policy: {}, ...extra })
const presented = (key = KEY) => ({ key, header: 'x-portkey-api-key' as const })

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof GatewayError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('verifyGatewayKey', () => {
  it('hashes the key as the admin API stores it (hex SHA-256)', async () => {
    expect(await hashGatewayKey(KEY)).toBe(hash(KEY))
  })

  it('finds the record of a valid key', async () => {
    const kv = fakeKv({ [keyRecordKey(hash(KEY))]: record() })
    expect((await verifyGatewayKey(presented(), { CONFIGS: kv })).id).toBe('key_0123456789abcdef')
  })

  it.each([
    ['an unknown key', KEY.replace('A', 'B'), 'invalid_gateway_key'],
    ['a value without the usk_ prefix', 'pk-portkey-cloud-key', 'invalid_gateway_key'],
  ])('refuses %s with a 401 that does not contain it', async (_, key, code) => {
    const kv = fakeKv({ [keyRecordKey(hash(KEY))]: record() })
    const error = await failure(verifyGatewayKey(presented(key), { CONFIGS: kv }))
    expect(error).toMatchObject({ status: 401, code, param: 'x-portkey-api-key' })
    expect(error.message).not.toContain(key)
  })

  it('refuses a revoked key and an expired key with a 403', async () => {
    const clock = manualClock(Date.parse('2026-06-01T00:00:00Z'))
    const revoked = fakeKv({ [keyRecordKey(hash(KEY))]: record({ revoked_at: '2026-05-01T00:00:00Z' }) })
    expect(await failure(verifyGatewayKey(presented(), { CONFIGS: revoked }, clock.now))).toMatchObject({ status: 403, code: 'revoked_gateway_key' })
    const expired = fakeKv({ [keyRecordKey(hash(KEY))]: record({ expires_at: '2026-05-31T23:59:59Z' }) })
    expect(await failure(verifyGatewayKey(presented(), { CONFIGS: expired }, clock.now))).toMatchObject({ status: 403, code: 'expired_gateway_key' })
  })

  it('stops a key the moment it expires, even while its record is memoised', async () => {
    const clock = manualClock(Date.parse('2026-06-01T00:00:00Z'))
    const kv = fakeKv({ [keyRecordKey(hash(KEY))]: record({ expires_at: '2026-06-01T00:00:01Z' }) })
    await verifyGatewayKey(presented(), { CONFIGS: kv }, clock.now)
    clock.advance(1_000)
    expect(await failure(verifyGatewayKey(presented(), { CONFIGS: kv }, clock.now))).toMatchObject({ code: 'expired_gateway_key' })
    expect(kv.reads).toHaveLength(1)
  })

  it('sees a revocation within KEY_FOUND_TTL_MS and a new key within KEY_MISSING_TTL_MS', async () => {
    const clock = manualClock()
    const kv = fakeKv({ [keyRecordKey(hash(KEY))]: record() })
    const env = { CONFIGS: kv }
    await verifyGatewayKey(presented(), env, clock.now)
    kv.entries[keyRecordKey(hash(KEY))] = record({ revoked_at: '2026-05-01T00:00:00Z' })
    clock.advance(KEY_FOUND_TTL_MS - 1)
    await verifyGatewayKey(presented(), env, clock.now)
    clock.advance(1)
    expect(await failure(verifyGatewayKey(presented(), env, clock.now))).toMatchObject({ code: 'revoked_gateway_key' })

    const fresh = 'usk_' + 'C'.repeat(40)
    expect(await failure(verifyGatewayKey(presented(fresh), env, clock.now))).toMatchObject({ code: 'invalid_gateway_key' })
    kv.entries[keyRecordKey(hash(fresh))] = record({ id: 'key_fresh' })
    clock.advance(KEY_MISSING_TTL_MS)
    expect((await verifyGatewayKey(presented(fresh), env, clock.now)).id).toBe('key_fresh')
  })

  it('shares one KV read among concurrent requests with the same key', async () => {
    const kv = fakeKv({ [keyRecordKey(hash(KEY))]: record() })
    await Promise.all(Array.from({ length: 5 }, () => verifyGatewayKey(presented(), { CONFIGS: kv })))
    expect(kv.reads).toHaveLength(1)
  })

  it('refuses a damaged record without failing the gateway', async () => {
    const kv = fakeKv({ [keyRecordKey(hash(KEY))]: '{not json' })
    const error = await failure(verifyGatewayKey(presented(), { CONFIGS: kv }))
    expect(error).toMatchObject({ status: 401, code: 'invalid_gateway_key' })
    expect(error.message).toContain('damaged')
  })
})
