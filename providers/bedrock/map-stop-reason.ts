/** The OpenAI finish reasons a Bedrock answer can end with. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter'

/**
 * Maps a Converse `stopReason` onto an OpenAI `finish_reason`. An unknown value becomes "stop"
 * and is reported through `warn` with its raw value.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseResponse.html (stopReason)
 */
export function mapBedrockStopReason(stopReason: string | null | undefined, warn?: (message: string) => void): FinishReason {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop'
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length'
    case 'tool_use':
      return 'tool_calls'
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter'
    // The model produced output Bedrock could not parse; the text so far is still the answer.
    case 'malformed_model_output':
    case 'malformed_tool_use':
      return 'stop'
    default:
      warn?.(`bedrock: unknown stopReason ${JSON.stringify(stopReason)} mapped to "stop"`)
      return 'stop'
  }
}
