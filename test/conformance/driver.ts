import type { Emulator, Fault } from '../emulators/core'
import type { ErrorKind } from '../emulators/scenarios'

/** The cases of the conformance suite; a driver may skip one, saying why. */
export type CaseId =
  | 'image-https-url'
  | 'finish-content-filter'
  | 'tool-choice-named'
  | 'tool-result-ids'
  | 'stream-error-before-content'
  | 'sampling-parameters'
  | `error-${ErrorKind}`

/** What a provider's emulator looks like to the suite once started. */
export interface StartedProvider {
  emulator: Emulator
  /** The KV integration entry (`integration:<slug>`) pointing the gateway at the emulator. */
  integration: Record<string, unknown>
  /** Worker Secrets the integration reads. */
  secrets: Record<string, string>
  /** The emulator's answer for an error class, in the provider's own format. */
  errorFault(kind: ErrorKind): Fault
  /** A 200 stream that fails before its first content event, as the provider reports it. */
  streamErrorFault?(): Fault
  close(): Promise<void>
}

/** How the caller sees an error class: HTTP status and the openai SDK's error class name. */
export interface ExpectedError {
  status: number
  className: string
  /** The OpenAI `code` the envelope carries, when the class has a conventional one. */
  code?: string
}

/**
 * One provider as the conformance suite drives it through the gateway: how to start its
 * emulator, the integration that reaches it, the model, and its declared deviations.
 */
export interface ProviderDriver {
  /** Unique name in test titles, e.g. `vertex-ai (claude)`. */
  name: string
  /** Canonical provider id, as the gateway reports it in `x-portkey-provider`. */
  provider: string
  model: string
  start(): Promise<StartedProvider>
  /** Cases this provider cannot run, with the reason. */
  skips?: Partial<Record<CaseId, string>>
  /** How an image given by https URL reaches the provider: forwarded as a URL, or refused with a 400. */
  imageUrl: 'forwarded' | 'refused'
  /** Prompt tokens the provider reports as read from its cache (`prompt_tokens_details.cached_tokens`). */
  cachedTokens?: number
  /** Error classes whose caller-visible status differs from the OpenAI convention, with the reason in a comment. */
  errorOverrides?: Partial<Record<ErrorKind, ExpectedError>>
}

/** What the OpenAI API answers for each class, which every provider's errors must become. */
export const EXPECTED_ERRORS: Record<ErrorKind, ExpectedError> = {
  bad_request: { status: 400, className: 'BadRequestError' },
  auth: { status: 401, className: 'AuthenticationError' },
  permission: { status: 403, className: 'PermissionDeniedError' },
  not_found: { status: 404, className: 'NotFoundError' },
  rate_limit: { status: 429, className: 'RateLimitError' },
  server: { status: 500, className: 'InternalServerError' },
  overloaded: { status: 503, className: 'InternalServerError' },
  context_length: { status: 400, className: 'BadRequestError', code: 'context_length_exceeded' },
  content_filter: { status: 400, className: 'BadRequestError' },
}

/** The error classes every provider is driven through. */
export const ERROR_KINDS: ErrorKind[] = ['bad_request', 'auth', 'permission', 'not_found', 'rate_limit', 'server', 'overloaded', 'context_length', 'content_filter']
