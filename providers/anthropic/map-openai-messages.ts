import { badRequest } from '../../worker/http/errors'
import { isRecord } from './is-record'
import { type AnthropicBlock, mapOpenAITextContent, mapOpenAIUserContent } from './map-openai-content'

/** One turn of the Anthropic conversation. */
export interface AnthropicTurn {
  role: 'user' | 'assistant'
  content: string | AnthropicBlock[]
}

export interface MappedMessages {
  /** Top-level system prompt: a string, or text blocks when some carry `cache_control`. */
  system?: string | AnthropicBlock[]
  messages: AnthropicTurn[]
}

/**
 * Maps OpenAI messages onto Anthropic's top-level system plus alternating user/assistant turns:
 * system/developer messages (any position) join the system prompt, consecutive same-role turns are
 * merged, tool messages become `tool_result` blocks placed first in their user turn.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function mapOpenAIMessages(messages: unknown): MappedMessages {
  if (!Array.isArray(messages)) throw badRequest('messages must be an array.', 'messages')
  const system: AnthropicBlock[] = []
  const turns: AnthropicTurn[] = []
  messages.forEach((message, index) => {
    const path = `messages[${index}]`
    if (!isRecord(message)) throw badRequest(`${path} must be an object.`, path)
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...mapOpenAITextContent(message.content, path))
        return
      case 'user':
        return appendTurn(turns, 'user', mapOpenAIUserContent(message.content, path))
      case 'assistant':
        return appendTurn(turns, 'assistant', mapAssistantMessage(message, path))
      case 'tool':
        return appendTurn(turns, 'user', [mapToolMessage(message, path)])
      default:
        throw badRequest(`${path}.role '${String(message.role)}' is not supported for Anthropic (use system, developer, user, assistant or tool).`, `${path}.role`)
    }
  })
  for (const turn of turns) if (turn.role === 'user' && Array.isArray(turn.content)) turn.content = toolResultsFirst(turn.content)
  trimPrefill(turns)
  return { system: joinSystem(system), messages: turns }
}

function mapAssistantMessage(message: Record<string, unknown>, path: string): AnthropicBlock[] {
  const blocks = mapOpenAITextContent(message.content, path)
  const toolCalls = message.tool_calls
  if (toolCalls === undefined || toolCalls === null) return blocks
  if (!Array.isArray(toolCalls)) throw badRequest(`${path}.tool_calls must be an array.`, `${path}.tool_calls`)
  toolCalls.forEach((call, index) => blocks.push(mapToolCall(call, `${path}.tool_calls[${index}]`)))
  return blocks
}

function mapToolCall(call: unknown, path: string): AnthropicBlock {
  const fn = isRecord(call) && isRecord(call.function) ? call.function : undefined
  if (!isRecord(call) || !fn || typeof fn.name !== 'string') throw badRequest(`${path} must have function.name.`, path)
  if (typeof call.id !== 'string') throw badRequest(`${path}.id must be a string.`, `${path}.id`)
  const argumentsText = typeof fn.arguments === 'string' ? fn.arguments.trim() : ''
  let input: unknown = {}
  // Anthropic wants `input` as an object; OpenAI carries it as a JSON string.
  if (argumentsText !== '') {
    try {
      input = JSON.parse(argumentsText)
    } catch {
      throw badRequest(`${path}.function.arguments is not valid JSON; Anthropic needs the tool input as a JSON object.`, `${path}.function.arguments`)
    }
  }
  if (!isRecord(input)) throw badRequest(`${path}.function.arguments must be a JSON object.`, `${path}.function.arguments`)
  return { type: 'tool_use', id: call.id, name: fn.name, input }
}

function mapToolMessage(message: Record<string, unknown>, path: string): AnthropicBlock {
  if (typeof message.tool_call_id !== 'string') throw badRequest(`${path}.tool_call_id must be a string.`, `${path}.tool_call_id`)
  return { type: 'tool_result', tool_use_id: message.tool_call_id, content: mapOpenAIUserContent(message.content, path) }
}

function appendTurn(turns: AnthropicTurn[], role: AnthropicTurn['role'], content: string | AnthropicBlock[]): void {
  if (Array.isArray(content) && content.length === 0) return
  const last = turns[turns.length - 1]
  // Anthropic requires user and assistant turns to alternate, so neighbours of one role become one turn.
  if (last?.role === role) last.content = [...asBlocks(last.content), ...asBlocks(content)]
  else turns.push({ role, content })
}

function asBlocks(content: string | AnthropicBlock[]): AnthropicBlock[] {
  if (typeof content !== 'string') return content
  return content === '' ? [] : [{ type: 'text', text: content }]
}

// Anthropic rejects a user turn whose tool_result blocks follow other blocks.
function toolResultsFirst(blocks: AnthropicBlock[]): AnthropicBlock[] {
  const results = blocks.filter((block) => block.type === 'tool_result')
  if (results.length === 0) return blocks
  return [...results, ...blocks.filter((block) => block.type !== 'tool_result')]
}

// A trailing assistant turn is a prefill, and Anthropic rejects a prefill ending in whitespace.
function trimPrefill(turns: AnthropicTurn[]): void {
  const last = turns[turns.length - 1]
  if (last?.role !== 'assistant') return
  const blocks = asBlocks(last.content)
  const tail = blocks[blocks.length - 1]
  if (tail?.type !== 'text' || typeof tail.text !== 'string') return
  const text = tail.text.trimEnd()
  if (text === '') blocks.pop()
  else blocks[blocks.length - 1] = { ...tail, text }
  if (blocks.length === 0) turns.pop()
  else last.content = blocks
}

function joinSystem(blocks: AnthropicBlock[]): string | AnthropicBlock[] | undefined {
  if (blocks.length === 0) return undefined
  // Blocks are kept only when a cache breakpoint must survive; otherwise one string, parts joined in order.
  if (blocks.some((block) => block.cache_control !== undefined)) return blocks
  return blocks.map((block) => block.text).join('\n\n')
}
