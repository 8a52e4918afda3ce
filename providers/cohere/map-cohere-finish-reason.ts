/**
 * Maps a Cohere v2 `finish_reason` onto OpenAI's. `ERROR` is not a finish: callers raise it as an
 * error before asking. `TIMEOUT` (the generation hit Cohere's time limit) leaves the answer cut
 * short, so it reads as `length` (gateway choice). Unknown values are kept as they are for logs.
 * @see https://docs.cohere.com/v2/reference/chat (finish_reason)
 */
export function mapCohereFinishReason(reason: string | null | undefined): string {
  switch (reason) {
    case 'COMPLETE':
    case 'STOP_SEQUENCE':
      return 'stop'
    case 'MAX_TOKENS':
    case 'TIMEOUT':
      return 'length'
    case 'TOOL_CALL':
      return 'tool_calls'
    case null:
    case undefined:
      return 'stop'
    default:
      return reason
  }
}
