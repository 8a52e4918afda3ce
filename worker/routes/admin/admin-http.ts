import type { KVNamespace } from '@cloudflare/workers-types'
import { GatewayError, badRequest } from '../../http/errors'
import { readJsonBody } from '../../http/read-json-body'
import type { Env } from '../../platform/env'

/** Admin bodies are configs, integrations and key settings: small documents. */
const MAX_ADMIN_BODY_BYTES = 1024 * 1024
const DEFAULT_PAGE = 50
const MAX_PAGE = 100

/** The request as the admin router sees it (itty-router adds `params` and `query`). */
export type AdminRequest = Request & { params?: Record<string, string>; query?: Record<string, string | string[] | undefined> }

/** The KV namespace that holds configs, integrations and keys, or a 503 naming the missing binding. */
export function adminStore(env: Env): KVNamespace {
  if (env.CONFIGS) return env.CONFIGS
  throw new GatewayError(503, 'This gateway has no config store: bind a KV namespace as CONFIGS in wrangler.toml.', {
    code: 'config_store_missing',
    retryable: false,
  })
}

/** A JSON answer of the admin API. */
export function json(data: unknown, status = 200): Response {
  return new Response(JSON.stringify(data, null, 2), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } })
}

/** Reads an admin request's JSON object body (at most 1 MiB). */
export function readAdminBody(request: Request): Promise<Record<string, unknown>> {
  return readJsonBody(request, MAX_ADMIN_BODY_BYTES)
}

/** A path parameter, URL-decoded and checked against the pattern ids of its kind follow. */
export function pathParam(request: AdminRequest, name: string, pattern: RegExp, what: string, expected = 'letters, digits and _ . : - (at most 128)'): string {
  let value = request.params?.[name] ?? ''
  try {
    value = decodeURIComponent(value)
  } catch {
    // Left encoded; the pattern check below rejects the stray '%'.
  }
  if (!pattern.test(value)) throw badRequest(`Invalid ${what} '${value.slice(0, 40)}': expected ${expected}.`, name, 'invalid_id')
  return value
}

/** A 404 for an admin resource that does not exist. */
export function notFound(what: string, id: string): GatewayError {
  return new GatewayError(404, `${what} '${id}' not found.`, { code: 'not_found', retryable: false })
}

export interface Page {
  /** The names listed, without the prefix. */
  names: string[]
  /** Pass as `?cursor=` for the next page; null on the last page. */
  cursor: string | null
}

/** One page of a KV listing under `prefix`, driven by the `cursor` and `limit` query parameters. */
export async function listPage(kv: KVNamespace, prefix: string, request: AdminRequest, maxPage = MAX_PAGE): Promise<Page> {
  const cursor = single(request.query?.cursor)
  const limitText = single(request.query?.limit)
  const limit = limitText === undefined ? Math.min(DEFAULT_PAGE, maxPage) : Number(limitText)
  if (!Number.isInteger(limit) || limit < 1 || limit > maxPage) throw badRequest(`limit must be an integer from 1 to ${maxPage}.`, 'limit', 'invalid_limit')
  const listed = await kv.list({ prefix, limit, ...(cursor ? { cursor } : {}) })
  return {
    names: listed.keys.map((key) => key.name.slice(prefix.length)),
    cursor: listed.list_complete ? null : listed.cursor,
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** One line per admin write, for the audit trail; never carries a value, only what changed. */
export function auditLog(action: string, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ admin: action, ...fields }))
}
