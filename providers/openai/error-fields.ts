import * as v from 'valibot'
import { errorObjectSchema, type ErrorObject } from './schemas'

/** Longest upstream message kept on a GatewayError; longer text is cut with an ellipsis. */
export const MAX_ERROR_MESSAGE_LENGTH = 500

// Key-shaped tokens (sk-…, gsk_…, xai-…, pplx-…, fw_…). OpenAI echoes a masked key in its 401
// message and some compatible servers echo the whole header; neither may reach a caller or a log.
const KEY_PATTERN = /\b(?:sk|rk|gsk|xai|pplx|fw)[-_][A-Za-z0-9*._-]{3,}/g
const BEARER_PATTERN = /\bBearer\s+[A-Za-z0-9*._~+/=-]+/gi

/** Removes anything shaped like an API key from upstream text. */
export function redactSecrets(text: string): string {
  return text.replace(KEY_PATTERN, '[redacted]').replace(BEARER_PATTERN, 'Bearer [redacted]')
}

/** Cuts upstream text to MAX_ERROR_MESSAGE_LENGTH characters, after redacting keys. */
export function truncateMessage(text: string, limit = MAX_ERROR_MESSAGE_LENGTH): string {
  const clean = redactSecrets(text.trim())
  return clean.length > limit ? `${clean.slice(0, limit)}…` : clean
}

/** The fields of an error, wherever the provider put them. */
export interface ErrorFields {
  message?: string
  type?: string
  code?: string | number
  param?: string
  /** The status some providers repeat inside the body (Azure `status`, OpenRouter numeric `code`). */
  status?: number
  /** The error object itself, for provider-specific fields (`innererror`, `metadata`). */
  raw?: Record<string, unknown>
}

/**
 * Reads an error from `{"error": {...}}` (OpenAI), `{"error": "text"}` (Ollama native),
 * top-level `{message, type, code}` (Mistral) or plain text.
 */
export function readErrorFields(body: unknown): ErrorFields {
  if (typeof body === 'string') return body.trim() ? { message: body } : {}
  if (typeof body !== 'object' || body === null) return {}
  const record = body as Record<string, unknown>
  if (typeof record.error === 'string') return { message: record.error }
  if (typeof record.error === 'object' && record.error !== null) return fieldsOf(record.error)
  return fieldsOf(record)
}

/** Reads the fields of one error object (the value of a top-level `error` key). */
export function fieldsOf(value: unknown): ErrorFields {
  const parsed = v.safeParse(errorObjectSchema, value)
  if (!parsed.success) return {}
  const object: ErrorObject = parsed.output
  const fields: ErrorFields = { raw: object as Record<string, unknown> }
  if (typeof object.message === 'string' && object.message) fields.message = object.message
  else if (object.message != null) fields.message = JSON.stringify(object.message)
  if (typeof object.type === 'string' && object.type) fields.type = object.type
  if (object.code != null && object.code !== '') fields.code = object.code
  if (typeof object.param === 'string') fields.param = object.param
  if (typeof object.status === 'number') fields.status = object.status
  if (typeof object.code === 'number' && fields.status === undefined) fields.status = object.code
  return fields
}
