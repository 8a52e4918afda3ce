import { badRequest } from '../../worker/http/errors'
import { contentText, mapContentParts, type GeminiRequestPart } from './map-content-parts'
import { mapToolCallToPart } from './map-tool-call-part'

export interface GeminiContent {
  role: 'user' | 'model'
  parts: GeminiRequestPart[]
}

export interface MappedMessages {
  systemInstruction?: { role: 'user'; parts: Array<{ text: string }> }
  contents: GeminiContent[]
}

type Message = Record<string, unknown>

/**
 * Maps OpenAI chat messages onto Gemini `contents` and `systemInstruction`. System and developer
 * messages (wherever they sit) become parts of `systemInstruction`, since Gemini has no system role
 * inside `contents`; assistant turns become `model` turns with their tool calls as `functionCall`
 * parts; tool results become `functionResponse` parts in a `user` turn, consecutive ones merged
 * into one turn, each named after the tool call it answers.
 * @see https://ai.google.dev/gemini-api/docs/function-calling
 */
export function mapMessages(messages: unknown, model: string): MappedMessages {
  if (!Array.isArray(messages) || messages.length === 0) throw badRequest('messages must be a non-empty array.', 'messages')
  const system: Array<{ text: string }> = []
  const contents: GeminiContent[] = []
  const toolNames = new Map<string, string>()
  let toolTurn: GeminiContent | undefined

  messages.forEach((value, index) => {
    const param = `messages[${index}]`
    if (typeof value !== 'object' || value === null) throw badRequest('Each message must be an object.', param)
    const message = value as Message
    const role = message.role
    if (role !== 'tool' && role !== 'function') toolTurn = undefined
    switch (role) {
      case 'system':
      case 'developer': {
        const text = contentText(message.content)
        if (text !== '') system.push({ text })
        return
      }
      case 'user': {
        const parts = mapContentParts(message.content, `${param}.content`)
        if (parts.length > 0) contents.push({ role: 'user', parts })
        return
      }
      case 'assistant': {
        const parts = mapContentParts(message.content, `${param}.content`)
        const calls = Array.isArray(message.tool_calls) ? message.tool_calls : []
        calls.forEach((call, callIndex) => {
          const part = mapToolCallToPart(call, `${param}.tool_calls[${callIndex}]`, model, callIndex === 0)
          const id = (call as { id?: unknown }).id
          if (typeof id === 'string') toolNames.set(id, (part.functionCall as { name: string }).name)
          parts.push(part)
        })
        if (parts.length > 0) contents.push({ role: 'model', parts })
        return
      }
      case 'tool':
      case 'function': {
        const part = mapToolResult(message, toolNames, param)
        if (toolTurn) toolTurn.parts.push(part)
        else {
          toolTurn = { role: 'user', parts: [part] }
          contents.push(toolTurn)
        }
        return
      }
      default:
        throw badRequest(`Messages with role '${String(role)}' cannot be sent to Gemini.`, `${param}.role`)
    }
  })

  if (contents.length === 0) throw badRequest('Gemini needs at least one user or assistant message with content.', 'messages')
  return { contents, ...(system.length > 0 ? { systemInstruction: { role: 'user', parts: system } } : {}) }
}

function mapToolResult(message: Message, toolNames: Map<string, string>, param: string): GeminiRequestPart {
  const id = typeof message.tool_call_id === 'string' ? message.tool_call_id : undefined
  // The tool call's name is what Gemini matches a result by; a legacy `function` message carries it.
  const name = (id && toolNames.get(id)) || (typeof message.name === 'string' ? message.name : undefined)
  if (!name) {
    throw badRequest(`The tool message answers tool_call_id '${id ?? ''}', which no earlier assistant message called.`, `${param}.tool_call_id`)
  }
  // Gemini wants an object as the response; plain text is wrapped (gateway choice).
  return { functionResponse: { name, response: { content: contentText(message.content) } } }
}
