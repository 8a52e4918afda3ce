import type { Env } from '../platform/env'
import { forbidden, invalidGatewayKey } from './auth-errors'
import { hashGatewayKey } from './hash-key'
import { GATEWAY_KEY_PREFIX, type KeyRecord, keyRecordKey } from './key-record'
import { readKeyMemoised } from './key-memo'
import type { PresentedKey } from './presented-key'

/** Longer values are not keys; refusing them first keeps hashing cheap. */
const MAX_KEY_LENGTH = 200

type Stored = { ok: true; record: KeyRecord } | { ok: false }

/**
 * Finds the record of a presented gateway key by its SHA-256 in KV (`key:<hash>`, memoised per
 * isolate for 10 s, 5 s when missing) and checks it is neither revoked nor expired.
 * 401 for an unknown key, 403 for a revoked or expired one; no message contains the key.
 */
export async function verifyGatewayKey(presented: PresentedKey, env: Env, now: () => number = Date.now): Promise<KeyRecord> {
  const { key, header } = presented
  if (!key.startsWith(GATEWAY_KEY_PREFIX) || key.length > MAX_KEY_LENGTH) {
    throw invalidGatewayKey(header, `gateway keys start with ${GATEWAY_KEY_PREFIX}`)
  }
  if (!env.CONFIGS) throw invalidGatewayKey(header, 'this gateway has no key store (KV binding CONFIGS)')
  const stored = await readKeyMemoised(env.CONFIGS, keyRecordKey(await hashGatewayKey(key)), parseRecord, now)
  if (stored === undefined) throw invalidGatewayKey(header)
  if (!stored.ok) throw invalidGatewayKey(header, 'its stored record is damaged; ask the operator to re-create the key')
  const record = stored.record
  if (record.revoked_at !== undefined) {
    throw forbidden(`The gateway key ${record.id} was revoked at ${record.revoked_at}; ask for a new key.`, 'revoked_gateway_key', header)
  }
  if (record.expires_at !== undefined && !(Date.parse(record.expires_at) > now())) {
    throw forbidden(`The gateway key ${record.id} expired at ${record.expires_at}; ask for a new key.`, 'expired_gateway_key', header)
  }
  return record
}

// Only the fields the request path relies on are checked; the admin API validates the rest on write.
function parseRecord(text: string): Stored {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false }
  }
  if (json === null || typeof json !== 'object') return { ok: false }
  const record = json as Partial<KeyRecord>
  if (typeof record.id !== 'string') return { ok: false }
  const policy = record.policy !== null && typeof record.policy === 'object' && !Array.isArray(record.policy) ? record.policy : {}
  return { ok: true, record: { ...(record as KeyRecord), browser: record.browser === true, policy } }
}
