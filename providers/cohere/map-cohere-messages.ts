import { badRequest } from '../../worker/http/errors'

type Json = Record<string, unknown>

/**
 * Maps OpenAI chat messages onto Cohere v2 messages. v2 keeps the OpenAI roles (system, user,
 * assistant, tool) and the OpenAI part shapes (`text`, `image_url`), so most turns pass through;
 * `developer` becomes `system`, and assistant text that accompanies tool calls goes to `tool_plan`
 * (Cohere's field for the text before a tool call).
 * @see https://docs.cohere.com/v2/reference/chat
 * @see https://docs.cohere.com/v2/docs/tool-use-overview
 */
export function mapCohereMessages(messages: unknown): Json[] {
  if (!Array.isArray(messages) || messages.length === 0) throw badRequest('messages must be a non-empty array.', 'messages')
  return messages.map((message, index) => mapMessage(message, `messages[${index}]`))
}

function mapMessage(message: unknown, path: string): Json {
  if (!isObject(message)) throw badRequest(`${path} must be an object.`, path)
  const role = message.role
  switch (role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: mapTextContent(message.content, `${path}.content`) }
    case 'user':
      return { role: 'user', content: mapUserContent(message.content, `${path}.content`) }
    case 'assistant':
      return mapAssistant(message, path)
    case 'tool':
      if (typeof message.tool_call_id !== 'string') throw badRequest(`${path}.tool_call_id is required.`, `${path}.tool_call_id`)
      return { role: 'tool', tool_call_id: message.tool_call_id, content: mapTextContent(message.content, `${path}.content`) }
    default:
      // `function` (deprecated) and unknown roles have no Cohere form.
      throw badRequest(`${path}.role '${String(role)}' is not supported by Cohere.`, `${path}.role`)
  }
}

function mapAssistant(message: Json, path: string): Json {
  const text = message.content === null || message.content === undefined ? '' : joinText(message.content, `${path}.content`)
  const toolCalls = message.tool_calls
  if (!Array.isArray(toolCalls) || toolCalls.length === 0) return { role: 'assistant', content: text }
  const mapped: Json = { role: 'assistant', tool_calls: toolCalls.map((call, index) => mapToolCall(call, `${path}.tool_calls[${index}]`)) }
  if (text !== '') mapped.tool_plan = text
  return mapped
}

function mapToolCall(call: unknown, path: string): Json {
  if (!isObject(call) || !isObject(call.function) || typeof call.function.name !== 'string') {
    throw badRequest(`${path} must be {id, type: "function", function: {name, arguments}}.`, path)
  }
  const args = call.function.arguments
  return {
    id: typeof call.id === 'string' ? call.id : '',
    type: 'function',
    function: { name: call.function.name, arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) },
  }
}

/** A string stays a string; text parts stay text parts (system and tool turns take nothing else). */
function mapTextContent(content: unknown, path: string): string | Json[] {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) throw badRequest(`${path} must be a string or an array of text parts.`, path)
  return content.map((part, index) => {
    if (!isObject(part) || part.type !== 'text' || typeof part.text !== 'string') {
      throw badRequest(`${path}[${index}] must be a text part here.`, `${path}[${index}]`)
    }
    return { type: 'text', text: part.text }
  })
}

function mapUserContent(content: unknown, path: string): string | Json[] {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) throw badRequest(`${path} must be a string or an array of parts.`, path)
  return content.map((part, index) => mapUserPart(part, `${path}[${index}]`))
}

/** @see https://docs.cohere.com/v2/docs/image-inputs */
function mapUserPart(part: unknown, path: string): Json {
  if (!isObject(part)) throw badRequest(`${path} must be an object.`, path)
  switch (part.type) {
    case 'text':
      if (typeof part.text !== 'string') throw badRequest(`${path}.text must be a string.`, `${path}.text`)
      return { type: 'text', text: part.text }
    case 'image_url': {
      const image = part.image_url
      if (!isObject(image) || typeof image.url !== 'string') throw badRequest(`${path}.image_url.url is required.`, `${path}.image_url`)
      const mapped: Json = { url: image.url }
      if (image.detail === 'auto' || image.detail === 'low' || image.detail === 'high') mapped.detail = image.detail
      return { type: 'image_url', image_url: mapped }
    }
    default:
      // input_audio and file parts have no Cohere chat equivalent.
      throw badRequest(`${path}.type '${String(part.type)}' is not supported by Cohere.`, `${path}.type`)
  }
}

function joinText(content: unknown, path: string): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) throw badRequest(`${path} must be a string or an array of text parts.`, path)
  return content
    .map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : isObject(part) && typeof part.refusal === 'string' ? part.refusal : ''))
    .join('')
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
