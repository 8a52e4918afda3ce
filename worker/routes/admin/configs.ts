import type { KVNamespace } from '@cloudflare/workers-types'
import { CONFIG_ID_PATTERN } from '../../config/ids'
import { describeConfigIssues, validateConfig } from '../../config/validate-config'
import { badRequest } from '../../http/errors'
import type { Env } from '../../platform/env'
import { type AdminRequest, adminStore, auditLog, json, listPage, notFound, pathParam, readAdminBody } from './admin-http'

/**
 * Saved configs. `config:<id>` holds the config JSON exactly as the request path reads it;
 * `config-meta:<id>` holds the version history kept: the current version number and the
 * previous version whole. Only get/put/delete/list are used, so any ConfigStore serves.
 * The request path memoises a config for 30 s per isolate, so a change reaches every isolate
 * within 30 s (plus KV's own propagation between locations, up to 60 s).
 */
export interface ConfigMeta {
  version: number
  updated_at: string
  previous: { version: number; config: unknown; updated_at: string | null } | null
}

const configKey = (id: string) => `config:${id}`
const metaKey = (id: string) => `config-meta:${id}`

/** `GET /admin/configs`: ids with their version and update time, a page at a time. */
export async function listConfigs(request: AdminRequest, env: Env): Promise<Response> {
  const kv = adminStore(env)
  const page = await listPage(kv, 'config:', request)
  const data = await Promise.all(page.names.map(async (name) => {
    const meta = parseOr<ConfigMeta | null>((await kv.get(metaKey(name), 'text')) ?? 'null', null)
    return { id: name, version: meta?.version ?? 0, updated_at: meta?.updated_at ?? null }
  }))
  return json({ object: 'list', data, cursor: page.cursor })
}

/** `GET /admin/configs/:id`: the current config and the previous version. */
export async function getConfig(request: AdminRequest, env: Env): Promise<Response> {
  const id = pathParam(request, 'id', CONFIG_ID_PATTERN, 'config id')
  const stored = await readStored(adminStore(env), id)
  if (!stored) throw notFound('Config', id)
  const checked = validateConfig(stored.config)
  return json({
    id,
    version: stored.meta?.version ?? 0,
    updated_at: stored.meta?.updated_at ?? null,
    config: stored.config,
    // A config written before a schema change, or by hand, may no longer pass; say so here.
    ...(checked.ok ? {} : { problems: describeConfigIssues(checked.issues) }),
    previous: stored.meta?.previous ?? null,
  })
}

/** `GET /admin/configs/:id/versions`: the versions kept (current and previous), newest first. */
export async function listConfigVersions(request: AdminRequest, env: Env): Promise<Response> {
  const id = pathParam(request, 'id', CONFIG_ID_PATTERN, 'config id')
  const stored = await readStored(adminStore(env), id)
  if (!stored) throw notFound('Config', id)
  const current = { version: stored.meta?.version ?? 0, updated_at: stored.meta?.updated_at ?? null, current: true }
  const previous = stored.meta?.previous
  const data = previous ? [current, { version: previous.version, updated_at: previous.updated_at, current: false }] : [current]
  return json({ object: 'list', id, data })
}

/** `PUT /admin/configs/:id`: validates like the request path, then writes the next version. */
export async function putConfig(request: AdminRequest, env: Env): Promise<Response> {
  const id = pathParam(request, 'id', CONFIG_ID_PATTERN, 'config id')
  const kv = adminStore(env)
  const config = await readAdminBody(request)
  const checked = validateConfig(config)
  if (!checked.ok) throw badRequest(`Invalid config (body): ${describeConfigIssues(checked.issues)}`, checked.issues[0]?.path ?? null, 'invalid_config')
  const existing = await readStored(kv, id)
  const updatedAt = new Date().toISOString()
  const meta: ConfigMeta = {
    version: (existing?.meta?.version ?? 0) + 1,
    updated_at: updatedAt,
    previous: existing ? { version: existing.meta?.version ?? 0, config: existing.config, updated_at: existing.meta?.updated_at ?? null } : null,
  }
  // The config first: it is what requests read; the history follows.
  await kv.put(configKey(id), JSON.stringify(config))
  await kv.put(metaKey(id), JSON.stringify(meta))
  auditLog('config.put', { id, version: meta.version })
  return json({ id, version: meta.version, updated_at: updatedAt, config, previous: meta.previous }, existing ? 200 : 201)
}

/** `DELETE /admin/configs/:id`: removes the config and its history. */
export async function deleteConfig(request: AdminRequest, env: Env): Promise<Response> {
  const id = pathParam(request, 'id', CONFIG_ID_PATTERN, 'config id')
  const kv = adminStore(env)
  if ((await kv.get(configKey(id), 'text')) === null) throw notFound('Config', id)
  await kv.delete(configKey(id))
  await kv.delete(metaKey(id))
  auditLog('config.delete', { id })
  return json({ id, deleted: true })
}

async function readStored(kv: KVNamespace, id: string): Promise<{ config: unknown; meta: ConfigMeta | null } | undefined> {
  const [text, meta] = await Promise.all([kv.get(configKey(id), 'text'), kv.get(metaKey(id), 'text')])
  if (text === null) return undefined
  return { config: parseOr(text, text), meta: parseOr<ConfigMeta | null>(meta ?? 'null', null) }
}

function parseOr<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}
