import type { KVNamespace } from '@cloudflare/workers-types'
import { type KeyPolicy, type KeyRecord, keyIdKey, keyRecordKey } from '../../auth/key-record'
import { hashGatewayKey } from '../../auth/hash-key'
import { KEYS_ENABLED_MARKER } from '../../auth/key-requirement'
import type { ConfigIssue } from '../../config/config-keys'
import { describeConfigIssues } from '../../config/validate-config'
import { badRequest } from '../../http/errors'
import type { Env } from '../../platform/env'
import { type AdminRequest, adminStore, auditLog, json, listPage, notFound, pathParam, readAdminBody } from './admin-http'
import { KEY_ID_PATTERN, generateGatewayKey, generateKeyId } from './gateway-key'
import { validateCreateKey, validateUpdateKey } from './key-settings-schema'

const DAY_MS = 86_400_000

/** `POST /admin/keys`: creates a key and answers with it, the only time it is ever shown. */
export async function createKey(request: AdminRequest, env: Env): Promise<Response> {
  const kv = adminStore(env)
  const now = Date.now()
  const checked = validateCreateKey(await readAdminBody(request), now)
  if (!checked.ok) throw invalid(checked.issues)
  const { name, browser = false, expires_at, expires_in_days, policy = {} } = checked.settings
  const key = generateGatewayKey()
  const expiry = expiresAt(expires_at, expires_in_days, now)
  const record: KeyRecord = {
    id: generateKeyId(),
    ...(name !== undefined ? { name } : {}),
    prefix: key.slice(0, 12),
    browser,
    created_at: new Date(now).toISOString(),
    ...(expiry ? { expires_at: expiry } : {}),
    policy: policy as KeyPolicy,
  }
  const hash = await hashGatewayKey(key)
  await kv.put(keyRecordKey(hash), JSON.stringify(record))
  await kv.put(keyIdKey(record.id), hash)
  // Switches key enforcement on. Deleting every key later leaves it, so that emptying the key
  // list never reopens the gateway.
  await kv.put(KEYS_ENABLED_MARKER, '1')
  auditLog('key.create', { id: record.id, browser })
  return json({ key, record: view(record, now), note: 'Store this key now: it is shown only once and cannot be recovered.' }, 201)
}

/** `GET /admin/keys`: key records a page at a time (never a key or its hash). */
export async function listKeys(request: AdminRequest, env: Env): Promise<Response> {
  const kv = adminStore(env)
  const page = await listPage(kv, 'key:', request)
  const now = Date.now()
  const records = await Promise.all(page.names.map((name) => kv.get<KeyRecord>(keyRecordKey(name), 'json').catch(() => null)))
  const data = records.filter((record): record is KeyRecord => record !== null).map((record) => view(record, now))
  return json({ object: 'list', data, cursor: page.cursor })
}

/** `GET /admin/keys/:id`. */
export async function getKey(request: AdminRequest, env: Env): Promise<Response> {
  const { record } = await findKey(request, adminStore(env))
  return json(view(record, Date.now()))
}

/** `PATCH /admin/keys/:id`: changes name, expiry or (whole) policy. */
export async function updateKey(request: AdminRequest, env: Env): Promise<Response> {
  const kv = adminStore(env)
  const { hash, record } = await findKey(request, kv)
  const now = Date.now()
  const checked = validateUpdateKey(await readAdminBody(request), record, now)
  if (!checked.ok) throw invalid(checked.issues)
  const changes = checked.settings
  const updated: KeyRecord = { ...record }
  if (changes.name === null) delete updated.name
  else if (changes.name !== undefined) updated.name = changes.name
  if (changes.expires_at === null) delete updated.expires_at
  else {
    const expiry = expiresAt(changes.expires_at, changes.expires_in_days, now)
    if (expiry) updated.expires_at = expiry
  }
  if (changes.policy) updated.policy = changes.policy as KeyPolicy
  await kv.put(keyRecordKey(hash), JSON.stringify(updated))
  auditLog('key.update', { id: record.id, fields: Object.keys(changes) })
  return json(view(updated, now))
}

/** `POST /admin/keys/:id/revoke`: the key stops working (within the request path's 10 s memo and KV propagation); idempotent. */
export async function revokeKey(request: AdminRequest, env: Env): Promise<Response> {
  const kv = adminStore(env)
  const { hash, record } = await findKey(request, kv)
  const now = Date.now()
  if (record.revoked_at === undefined) {
    record.revoked_at = new Date(now).toISOString()
    await kv.put(keyRecordKey(hash), JSON.stringify(record))
    auditLog('key.revoke', { id: record.id })
  }
  return json(view(record, now))
}

/** `DELETE /admin/keys/:id`: forgets the key entirely (a deleted key is as dead as a revoked one). */
export async function deleteKey(request: AdminRequest, env: Env): Promise<Response> {
  const kv = adminStore(env)
  const { hash, record } = await findKey(request, kv)
  await kv.delete(keyRecordKey(hash))
  await kv.delete(keyIdKey(record.id))
  auditLog('key.delete', { id: record.id })
  return json({ id: record.id, deleted: true })
}

async function findKey(request: AdminRequest, kv: KVNamespace): Promise<{ hash: string; record: KeyRecord }> {
  const id = pathParam(request, 'id', KEY_ID_PATTERN, 'key id', 'key_ followed by 16 hex digits, as POST /admin/keys answers')
  const hash = await kv.get(keyIdKey(id), 'text')
  const record = hash === null ? null : await kv.get<KeyRecord>(keyRecordKey(hash), 'json')
  if (hash === null || record === null) throw notFound('Key', id)
  return { hash, record }
}

function expiresAt(timestamp: string | null | undefined, days: number | undefined, now: number): string | undefined {
  if (typeof timestamp === 'string') return new Date(Date.parse(timestamp)).toISOString()
  if (days !== undefined) return new Date(now + days * DAY_MS).toISOString()
  return undefined
}

/** A record as answered, with its status worked out for the reader. */
function view(record: KeyRecord, now: number): KeyRecord & { status: 'active' | 'revoked' | 'expired' } {
  const status = record.revoked_at !== undefined ? 'revoked' : record.expires_at !== undefined && Date.parse(record.expires_at) <= now ? 'expired' : 'active'
  return { ...record, status }
}

function invalid(issues: ConfigIssue[]) {
  return badRequest(`Invalid key settings (body): ${describeConfigIssues(issues)}`, issues[0]?.path ?? null, 'invalid_key_settings')
}
