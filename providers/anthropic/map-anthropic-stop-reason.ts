/**
 * Maps an Anthropic `stop_reason` onto an OpenAI `finish_reason`.
 * @see https://docs.anthropic.com/en/api/handling-stop-reasons
 */
export function mapAnthropicStopReason(stopReason: string | null | undefined): string {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop'
    // The server paused a long-running turn; the answer so far is complete as far as OpenAI clients can tell.
    case 'pause_turn':
      return 'stop'
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length'
    case 'tool_use':
      return 'tool_calls'
    case 'refusal':
      return 'content_filter'
    // Only message_start carries a null stop reason; a finished message without one ended normally.
    case null:
    case undefined:
      return 'stop'
    default:
      // A stop reason newer than this mapping: kept raw so that logs and callers can see it.
      return stopReason
  }
}
