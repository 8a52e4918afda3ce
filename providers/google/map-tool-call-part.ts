import { badRequest } from '../../worker/http/errors'
import type { GeminiRequestPart } from './map-content-parts'

/**
 * Google's documented placeholder for a replayed function call whose thought signature was lost
 * (the client rebuilt the message). Gemini 3 answers 400 for a model turn whose first function
 * call carries no signature at all.
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures
 */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator'

/** Gemini 3 and later: thought signatures are validated and thinking is set by level. */
export function isGemini3OrLater(model: string): boolean {
  const major = /(?:^|\/)gemini-(\d+)/.exec(model)?.[1]
  return major !== undefined && Number(major) >= 3
}

/**
 * Maps one assistant `tool_calls[i]` onto a `functionCall` part. The thought signature Gemini gave
 * the call travels through the client as `extra_content.google.thought_signature` (the shape of
 * Google's own OpenAI-compatible endpoint) and is put back here; ids are not sent, since Gemini
 * matches results by name and order and ids the gateway made up would mean nothing to it.
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures
 */
export function mapToolCallToPart(call: unknown, param: string, model: string, firstInTurn: boolean): GeminiRequestPart {
  const record = (typeof call === 'object' && call !== null ? call : {}) as Record<string, unknown>
  const fn = (record.function ?? {}) as Record<string, unknown>
  if (typeof fn.name !== 'string' || fn.name === '') throw badRequest('A tool call needs function.name.', `${param}.function.name`)
  const part: GeminiRequestPart = { functionCall: { name: fn.name, args: parseArguments(fn.arguments, `${param}.function.arguments`) } }
  const signature = thoughtSignatureOf(record)
  if (signature) part.thoughtSignature = signature
  else if (firstInTurn && isGemini3OrLater(model)) part.thoughtSignature = SKIP_THOUGHT_SIGNATURE
  return part
}

function parseArguments(text: unknown, param: string): Record<string, unknown> {
  if (text === undefined || text === null || text === '') return {}
  if (typeof text !== 'string') throw badRequest('function.arguments must be a JSON string.', param)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw badRequest('function.arguments is not valid JSON; Gemini needs the arguments as an object.', param)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('function.arguments must encode a JSON object for Gemini.', param)
  }
  return parsed as Record<string, unknown>
}

function thoughtSignatureOf(call: Record<string, unknown>): string | undefined {
  const google = (call.extra_content as { google?: { thought_signature?: unknown } } | undefined)?.google
  return typeof google?.thought_signature === 'string' && google.thought_signature !== '' ? google.thought_signature : undefined
}
