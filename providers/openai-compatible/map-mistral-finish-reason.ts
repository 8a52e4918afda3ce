/**
 * Mistral's finish reasons onto OpenAI's: `model_length` (the context window, not max_tokens,
 * ended the answer) is still a length stop. `error` is returned as is and raised by the caller.
 * Unknown values are kept raw so they show in logs.
 * @see https://docs.mistral.ai/api/#tag/chat (ChatCompletionChoice.finish_reason)
 */
export function mapMistralFinishReason(reason: string): string {
  switch (reason) {
    case 'stop':
    case 'length':
    case 'tool_calls':
    case 'error':
      return reason
    case 'model_length':
      return 'length'
    default:
      return reason
  }
}
