import { badRequest } from '../../worker/http/errors'
import { mapImageUrl } from './map-image'
import type { ConverseContentBlock, ConverseMessage } from './wire-schemas'

type Part = Record<string, unknown>

/** The conversation as Converse wants it: system prompts apart, strictly alternating turns. */
export interface ConverseConversation {
  system: Array<{ text: string }>
  messages: ConverseMessage[]
  /** True when a turn carries toolUse or toolResult blocks (Converse then requires a toolConfig). */
  hasToolBlocks: boolean
}

/**
 * Maps OpenAI chat messages onto Converse: system/developer → `system`, tool results → a user
 * turn, consecutive same-role turns merged (Converse requires alternation), empty text dropped
 * (Converse rejects blank text blocks). A trailing assistant turn is kept as a prefill.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html
 */
export function mapMessages(messages: unknown): ConverseConversation {
  if (!Array.isArray(messages)) throw badRequest('messages must be an array.', 'messages')
  const conversation: ConverseConversation = { system: [], messages: [], hasToolBlocks: false }
  messages.forEach((message: Part, index) => {
    const param = `messages[${index}]`
    switch (message?.role) {
      case 'system':
      case 'developer': {
        const text = textOf(message.content, `${param}.content`)
        if (text !== '') conversation.system.push({ text })
        return
      }
      case 'user':
        return pushTurn(conversation, 'user', userBlocks(message.content, `${param}.content`))
      case 'assistant':
        return pushTurn(conversation, 'assistant', assistantBlocks(message, param))
      case 'tool': {
        if (typeof message.tool_call_id !== 'string') throw badRequest('A tool message needs tool_call_id.', `${param}.tool_call_id`)
        const text = textOf(message.content, `${param}.content`)
        return pushTurn(conversation, 'user', [{ toolResult: { toolUseId: message.tool_call_id, content: [{ text }] } }])
      }
      default:
        throw badRequest(`Bedrock cannot take a message with role ${JSON.stringify(message?.role)}.`, `${param}.role`)
    }
  })
  trimTrailingPrefill(conversation.messages)
  conversation.hasToolBlocks = conversation.messages.some((turn) => turn.content.some((block) => 'toolUse' in block || 'toolResult' in block))
  return conversation
}

function pushTurn(conversation: ConverseConversation, role: ConverseMessage['role'], blocks: ConverseContentBlock[]): void {
  if (blocks.length === 0) return
  const last = conversation.messages.at(-1)
  if (last?.role === role) last.content.push(...blocks)
  else conversation.messages.push({ role, content: blocks })
}

function userBlocks(content: unknown, param: string): ConverseContentBlock[] {
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }]
  if (!Array.isArray(content)) throw badRequest('content must be a string or an array of parts.', param)
  const blocks: ConverseContentBlock[] = []
  content.forEach((part: Part, index) => {
    const partParam = `${param}[${index}]`
    if (part?.type === 'text') {
      if (typeof part.text === 'string' && part.text !== '') blocks.push({ text: part.text })
    } else if (part?.type === 'image_url') {
      blocks.push(mapImageUrl((part.image_url as Part | undefined)?.url, `${partParam}.image_url.url`))
    } else {
      throw badRequest(`Bedrock Converse (through this gateway) does not take ${JSON.stringify(part?.type)} content parts.`, `${partParam}.type`)
    }
  })
  return blocks
}

function assistantBlocks(message: Part, param: string): ConverseContentBlock[] {
  const blocks: ConverseContentBlock[] = []
  const text = message.content == null ? '' : textOf(message.content, `${param}.content`)
  if (text !== '') blocks.push({ text })
  const toolCalls = message.tool_calls
  if (toolCalls == null) return blocks
  if (!Array.isArray(toolCalls)) throw badRequest('tool_calls must be an array.', `${param}.tool_calls`)
  toolCalls.forEach((call: Part, index) => {
    const callParam = `${param}.tool_calls[${index}]`
    const called = call?.function as Part | undefined
    if (typeof call?.id !== 'string' || typeof called?.name !== 'string') throw badRequest('A tool call needs id and function.name.', callParam)
    blocks.push({ toolUse: { toolUseId: call.id, name: called.name, input: parseArguments(called.arguments, `${callParam}.function.arguments`) } })
  })
  return blocks
}

// Converse takes the input as a JSON document, so the OpenAI arguments string must parse.
function parseArguments(value: unknown, param: string): unknown {
  if (value == null || value === '') return {}
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value)
  } catch {
    throw badRequest('function.arguments must be a JSON string to be sent to Bedrock.', param)
  }
}

/** Joins a string or text/refusal parts into one text. */
function textOf(content: unknown, param: string): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) throw badRequest('content must be a string or an array of text parts.', param)
  return content
    .map((part: Part, index) => {
      if (part?.type === 'text' && typeof part.text === 'string') return part.text
      if (part?.type === 'refusal' && typeof part.refusal === 'string') return part.refusal
      throw badRequest('Only text parts are allowed here.', `${param}[${index}]`)
    })
    .join('')
}

// Anthropic models reject a final assistant turn that ends in whitespace; the continuation
// simply starts with it instead.
function trimTrailingPrefill(messages: ConverseMessage[]): void {
  const last = messages.at(-1)
  if (last?.role !== 'assistant') return
  const block = last.content.at(-1)
  if (!block || !('text' in block)) return
  block.text = block.text.trimEnd()
  if (block.text === '') last.content.pop()
  if (last.content.length === 0) messages.pop()
}
