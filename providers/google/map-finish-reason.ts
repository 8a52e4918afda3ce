/**
 * Maps a Gemini `finishReason` onto an OpenAI `finish_reason`. Gemini has no tool-specific reason
 * (a function call ends with STOP), so STOP becomes `tool_calls` when the candidate called a tool.
 * Reasons with no OpenAI counterpart end as `stop` (gateway choice); an unknown future reason
 * is kept as it is, lower-cased, so that logs show it.
 * @see https://ai.google.dev/api/generate-content#FinishReason
 */
export function mapGeminiFinishReason(reason: string, hasToolCalls: boolean): string {
  switch (reason) {
    case 'STOP':
      return hasToolCalls ? 'tool_calls' : 'stop'
    case 'MAX_TOKENS':
      return 'length'
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
    case 'IMAGE_PROHIBITED_CONTENT':
    case 'IMAGE_RECITATION':
      return 'content_filter'
    case 'MALFORMED_FUNCTION_CALL':
    case 'UNEXPECTED_TOOL_CALL':
    case 'TOO_MANY_TOOL_CALLS':
    case 'LANGUAGE':
    case 'OTHER':
    case 'NO_IMAGE':
    case 'IMAGE_OTHER':
    case 'FINISH_REASON_UNSPECIFIED':
      return 'stop'
    default:
      return reason.toLowerCase()
  }
}
