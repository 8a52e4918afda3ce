/**
 * The scenario vocabulary every wire-format emulator speaks, so that one conformance suite can
 * drive them all through the gateway. The emulator picks a scenario from the text of the last
 * user turn *as it received it in its own wire format*, and answers in that format.
 */
export type Scenario = 'text' | 'tool' | 'length' | 'filter' | 'stop-sequence' | 'echo'

export function pickScenario(lastUserText: string): Scenario {
  if (lastUserText.includes('#tool')) return 'tool' // call the first declared tool with TOOL_ARGUMENTS
  if (lastUserText.includes('#length')) return 'length' // stop at max tokens
  if (lastUserText.includes('#filter')) return 'filter' // the provider's safety / refusal stop
  if (lastUserText.includes('#stop')) return 'stop-sequence' // stopped by a stop sequence
  if (lastUserText.includes('#echo')) return 'echo' // answer with JSON.stringify(Transcript)
  return 'text'
}

/** The default answer, streamed as these deltas (joined: "Hello from the emulator!"). */
export const TEXT_DELTAS = ['Hello', ' from', ' the', ' emulator!']
export const TEXT_ANSWER = TEXT_DELTAS.join('')
/** The `length` scenario's partial answer. */
export const LENGTH_DELTAS = ['The answer is', ' cut']
/** Arguments of the tool call in the `tool` scenario; streamed in two fragments where the format streams them. */
export const TOOL_ARGUMENTS = { city: 'Paris' }
export const TOOL_ARGUMENT_FRAGMENTS = ['{"city":', '"Paris"}']

/** Token counts every emulator reports (providers with cache counters add CACHE_READ_TOKENS). */
export const USAGE = { prompt: 11, completion: 7 }
export const CACHE_READ_TOKENS = 3

/**
 * What an emulator understood of a request, in neutral terms; the `echo` scenario answers with
 * JSON.stringify of this. Fields a format cannot express are left out.
 */
export interface Transcript {
  model?: string
  system?: string
  messages: TranscriptMessage[]
  /** Names of declared tools. */
  tools?: string[]
  /** 'auto' | 'none' | 'required' | the forced tool's name */
  toolChoice?: string
  maxTokens?: number
  temperature?: number
  topP?: number
  stop?: string[]
  stream: boolean
  /** json_object / json_schema as the provider understood it: 'json' | 'schema' */
  responseFormat?: string
}

export interface TranscriptMessage {
  role: 'user' | 'assistant'
  text?: string
  /** 'image/png;base64' for inline data (mime + ';base64'), or the URL for linked images. */
  images?: string[]
  toolCalls?: Array<{ id?: string; name: string; arguments: unknown }>
  toolResults?: Array<{ id?: string; name?: string; content: string }>
}

/** Error classes each emulator can produce in its own exact format (see each emulator's `errorFault`). */
export type ErrorKind = 'bad_request' | 'auth' | 'permission' | 'not_found' | 'rate_limit' | 'server' | 'overloaded' | 'context_length' | 'content_filter'
