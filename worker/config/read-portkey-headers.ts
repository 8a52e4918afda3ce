import type { ProviderOptions } from '../../providers/types'
import { badRequest } from '../http/errors'
import { OPTION_BY_HEADER, optionValueProblem } from './provider-option-names'

/** What the `x-portkey-*` headers (and `Authorization`) of one request say. */
export interface PortkeyHeaders {
  /** `x-portkey-provider` as sent (an id, an alias or `@<integration>`). */
  provider?: string
  /** `x-portkey-config`: JSON text or a saved-config id, as sent. */
  config?: string
  virtualKey?: string
  customHost?: string
  /** Lower-case header names to pass to the provider as they are. */
  forwardHeaders?: string[]
  /** Milliseconds. */
  requestTimeout?: number
  traceId?: string
  metadata?: Record<string, string>
  /** The gateway key (`x-portkey-api-key`); secret. */
  apiKey?: string
  /** The provider key from `Authorization: Bearer <key>`; secret. */
  callerKey?: string
  /** Provider options from `x-portkey-azure-*`, `x-portkey-aws-*`, ... headers. */
  options: ProviderOptions
}

const PREFIX = 'x-portkey-'

/**
 * Reads every Portkey header in one pass. `x-portkey-api_key` (portkey-ai's JS createHeaders
 * for `api_key`) and `x-portkey-api-key` (the Python SDK) are the same header.
 * @see https://portkey.ai/docs/api-reference/inference-api/headers
 */
export function readPortkeyHeaders(headers: Headers): PortkeyHeaders {
  // The route, the auth layer and the config layer all ask; the headers are read once.
  let result = parsed.get(headers)
  if (!result) parsed.set(headers, (result = parse(headers)))
  return result
}

// Results are shared and must be treated as read-only.
const parsed = new WeakMap<Headers, PortkeyHeaders>()

function parse(headers: Headers): PortkeyHeaders {
  const result: PortkeyHeaders = { options: {} }
  for (const [name, rawValue] of headers) {
    const value = rawValue.trim()
    if (name === 'authorization') {
      result.callerKey = bearerKey(value)
      continue
    }
    if (!name.startsWith(PREFIX) || value === '') continue
    const suffix = name.slice(PREFIX.length).replace(/_/g, '-')
    readOne(result, suffix, value)
  }
  return result
}

function readOne(result: PortkeyHeaders, suffix: string, value: string): void {
  const header = PREFIX + suffix
  switch (suffix) {
    case 'provider':
      result.provider = value
      return
    case 'config':
      result.config = value
      return
    case 'virtual-key':
      result.virtualKey = value
      return
    case 'custom-host':
      result.customHost = value
      return
    case 'forward-headers':
      result.forwardHeaders = parseForwardHeaders(value, header)
      return
    case 'request-timeout':
      result.requestTimeout = parseTimeout(value, header)
      return
    case 'trace-id':
      result.traceId = value
      return
    case 'metadata':
      result.metadata = parseMetadata(value, header)
      return
    case 'api-key':
      result.apiKey = value
      return
    default: {
      // Other x-portkey-* headers (cache, span ids, strict compliance, ...) are not used here.
      const option = OPTION_BY_HEADER.get(suffix)
      if (option === undefined) return
      const problem = optionValueProblem(option, value)
      if (problem) throw badRequest(`Invalid ${header} header: ${problem}.`, header, 'invalid_header')
      result.options[option] = value
    }
  }
}

function bearerKey(value: string): string | undefined {
  const match = /^bearer\s+(\S.*)$/i.exec(value)
  if (match) return match[1].trim()
  // Some clients send the bare key; anything with a space is another scheme.
  return value !== '' && !/\s/.test(value) ? value : undefined
}

/** Whether a header name is x-portkey-forward-headers itself, which may not be forwarded (as in Portkey). */
export function isForwardHeadersHeader(name: string): boolean {
  return name.toLowerCase().replace(/_/g, '-') === 'x-portkey-forward-headers'
}

function parseForwardHeaders(value: string, header: string): string[] {
  const names = value.split(',').map((part) => part.trim().toLowerCase()).filter((part) => part !== '')
  if (names.some(isForwardHeadersHeader)) {
    throw badRequest(`Invalid ${header} header: it may not name x-portkey-forward-headers itself.`, header, 'invalid_header')
  }
  return names
}

function parseTimeout(value: string, header: string): number {
  const timeout = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN
  if (!(timeout > 0)) {
    throw badRequest(`Invalid ${header} header: expected a whole number of milliseconds above 0, got '${value.slice(0, 40)}'.`, header, 'invalid_header')
  }
  return timeout
}

function parseMetadata(value: string, header: string): Record<string, string> {
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    throw badRequest(`Invalid ${header} header: expected a JSON object.`, header, 'invalid_header')
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest(`Invalid ${header} header: expected a JSON object.`, header, 'invalid_header')
  }
  for (const [key, entry] of Object.entries(parsed)) {
    if (typeof entry !== 'string') {
      throw badRequest(`Invalid ${header} header: the value of '${key}' must be a string.`, header, 'invalid_header')
    }
  }
  return parsed as Record<string, string>
}
