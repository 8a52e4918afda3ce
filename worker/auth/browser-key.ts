import { OPTION_BY_HEADER } from '../config/provider-option-names'
import { forbidden } from './auth-errors'
import type { KeyRecord } from './key-record'
import { gatewayKeyBearer } from './presented-key'

/** x-portkey-* headers that choose where a request goes or what it carries upstream. */
const ROUTING_HEADERS = new Set(['provider', 'virtual-key', 'custom-host', 'forward-headers'])

/**
 * Checks the page's origin for a browser key: it must send Origin, and the origin must be one of
 * the key's `policy.origins` (exact match). 403 otherwise.
 */
export function checkBrowserOrigin(record: KeyRecord, origin: string | null): void {
  if (origin === null) {
    throw forbidden(`The gateway key ${record.id} is a browser key: it works only from a web page (the request has no Origin header).`, 'origin_required', 'origin')
  }
  if (!record.policy.origins?.includes(origin)) {
    throw forbidden(`Origin '${origin.slice(0, 200)}' is not allowed for the gateway key ${record.id}.`, 'origin_not_allowed', 'origin')
  }
}

/**
 * A browser key's request may choose only a saved config (by id, in x-portkey-config, or the
 * key's default_config) and send the model, messages and parameters. Refused (403): a config in
 * the body or as JSON, x-portkey-provider, -virtual-key, -custom-host, -forward-headers and every
 * provider-option header (x-portkey-azure-*, -aws-*, ...), and a provider key in Authorization.
 */
export function checkBrowserRequest(record: KeyRecord, headers: Headers, bodyConfig: unknown): void {
  const refuse = (what: string, param: string) =>
    forbidden(`The gateway key ${record.id} is a browser key, which may not send ${what}; it may only name one of its saved configs.`, 'browser_key_restricted', param)
  if (bodyConfig !== undefined && bodyConfig !== null) throw refuse('a config in the request body', 'config')
  for (const [name, value] of headers) {
    if (name === 'authorization' && value.trim() !== '' && gatewayKeyBearer(headers) === undefined) throw refuse('a provider key (Authorization)', 'authorization')
    if (!name.startsWith('x-portkey-') || value.trim() === '') continue
    const suffix = name.slice('x-portkey-'.length).replace(/_/g, '-')
    if (suffix === 'config' && value.trim().startsWith('{')) throw refuse('an inline config (JSON in x-portkey-config)', 'x-portkey-config')
    if (ROUTING_HEADERS.has(suffix) || OPTION_BY_HEADER.has(suffix)) throw refuse(`the ${name} header`, name)
  }
}
