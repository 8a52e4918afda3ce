import type { Transcript, TranscriptMessage } from './scenarios'

// What the Anthropic emulator checks in a Messages request, with messages worded like Anthropic's.
// @see https://docs.anthropic.com/en/api/messages

type Json = Record<string, any>

const IMAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp']
const USER_BLOCKS = ['text', 'image', 'document', 'tool_result']
const ASSISTANT_BLOCKS = ['text', 'tool_use', 'thinking', 'redacted_thinking']
const TOOL_CHOICES = ['auto', 'any', 'tool', 'none']

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The message of the 400 Anthropic would answer, or undefined for a valid request. */
export function validateMessagesRequest(body: unknown): string | undefined {
  if (!isObject(body)) return 'Request body must be a JSON object.'
  if (typeof body.model !== 'string') return 'model: Field required'
  if (!Number.isInteger(body.max_tokens)) return 'max_tokens: Field required'
  if (body.max_tokens < 0) return 'max_tokens: Input should be greater than or equal to 0'
  if (!Array.isArray(body.messages)) return 'messages: Field required'
  if (body.messages.length === 0) return 'messages: at least one message is required'
  if (body.system !== undefined && typeof body.system !== 'string' && !isTextBlocks(body.system)) return 'system: Input should be a valid string or a list of text blocks'
  if (body.temperature !== undefined && !(body.temperature >= 0 && body.temperature <= 1)) return 'temperature: Input should be between 0 and 1'
  if (body.stop_sequences !== undefined && !(Array.isArray(body.stop_sequences) && body.stop_sequences.every((s: unknown) => typeof s === 'string'))) return 'stop_sequences: Input should be a valid list of strings'
  if (body.stream !== undefined && typeof body.stream !== 'boolean') return 'stream: Input should be a valid boolean'
  return validateTools(body) ?? validateMessages(body.messages)
}

function isTextBlocks(value: unknown): boolean {
  return Array.isArray(value) && value.every((block) => isObject(block) && block.type === 'text' && typeof block.text === 'string')
}

function validateTools(body: Json): string | undefined {
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) return 'tools: Input should be a valid list'
    for (const [index, tool] of body.tools.entries()) {
      if (!isObject(tool) || typeof tool.name !== 'string') return `tools.${index}.name: Field required`
      if (!isObject(tool.input_schema) || tool.input_schema.type !== 'object') return `tools.${index}.input_schema: Input should be an object schema`
    }
  }
  const choice = body.tool_choice
  if (choice === undefined) return undefined
  if (!isObject(choice) || !TOOL_CHOICES.includes(choice.type)) return `tool_choice: Input tag '${choice?.type}' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'`
  if (choice.type === 'tool' && typeof choice.name !== 'string') return 'tool_choice.tool.name: Field required'
  return undefined
}

function validateMessages(messages: unknown[]): string | undefined {
  let previousToolUses = new Set<string>()
  for (const [index, message] of messages.entries()) {
    if (!isObject(message) || (message.role !== 'user' && message.role !== 'assistant')) return `messages.${index}.role: Input should be 'user' or 'assistant'`
    if (index === 0 && message.role !== 'user') return 'messages: first message must use the "user" role'
    if (index > 0 && (messages[index - 1] as Json).role === message.role) {
      return `messages: roles must alternate between "user" and "assistant", but found multiple "${message.role}" roles in a row`
    }
    if (typeof message.content === 'string') {
      previousToolUses = new Set()
      continue
    }
    if (!Array.isArray(message.content)) return `messages.${index}.content: Input should be a valid string or list`
    const allowed = message.role === 'user' ? USER_BLOCKS : ASSISTANT_BLOCKS
    let seenOther = false
    for (const [position, block] of message.content.entries()) {
      const path = `messages.${index}.content.${position}`
      if (!isObject(block) || !allowed.includes(block.type)) {
        return `${path}: Input tag '${block?.type}' found using 'type' does not match any of the expected tags: ${allowed.map((tag) => `'${tag}'`).join(', ')}`
      }
      const problem = validateBlock(block, path)
      if (problem) return problem
      if (block.type === 'tool_result') {
        if (seenOther) return `messages.${index}: \`tool_result\` blocks must come first in the content of a user message`
        if (!previousToolUses.has(block.tool_use_id)) {
          return `messages.${index}.content.${position}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${block.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`
        }
      } else seenOther = true
    }
    previousToolUses = new Set(message.content.filter((block: Json) => block.type === 'tool_use').map((block: Json) => block.id))
  }
  const last = messages[messages.length - 1] as Json
  if (last.role === 'assistant' && /\s$/.test(textOf(last.content))) return 'messages: final assistant content cannot end with trailing whitespace'
  return undefined
}

function validateBlock(block: Json, path: string): string | undefined {
  switch (block.type) {
    case 'text':
      if (typeof block.text !== 'string') return `${path}.text: Field required`
      return block.text === '' ? 'messages: text content blocks must be non-empty' : undefined
    case 'image': {
      const source = block.source
      if (isObject(source) && source.type === 'url' && typeof source.url === 'string') return undefined
      if (!isObject(source) || source.type !== 'base64' || typeof source.data !== 'string') return `${path}.source: Input should be a base64 or url image source`
      return IMAGE_MEDIA_TYPES.includes(source.media_type) ? undefined : `${path}.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`
    }
    case 'document':
      return isObject(block.source) ? undefined : `${path}.source: Field required`
    case 'tool_use':
      if (typeof block.id !== 'string' || typeof block.name !== 'string') return `${path}: tool_use blocks need id and name`
      return isObject(block.input) ? undefined : `${path}.input: Input should be a valid dictionary`
    case 'tool_result':
      return typeof block.tool_use_id === 'string' ? undefined : `${path}.tool_use_id: Field required`
    default:
      return undefined
  }
}

/** The text of string content or of its text blocks, joined. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content.filter((block) => isObject(block) && block.type === 'text').map((block) => block.text).join('')
}

/** The text of the last user turn, where the scenario is chosen. */
export function lastUserText(body: Json): string {
  const users = (body.messages as Json[]).filter((message) => message.role === 'user')
  return textOf(users[users.length - 1]?.content)
}

/** What the emulator understood of a valid request, for the echo scenario. */
export function transcriptOf(body: Json): Transcript {
  const transcript: Transcript = {
    model: body.model,
    messages: (body.messages as Json[]).map(describeMessage),
    stream: body.stream === true,
  }
  if (body.system !== undefined) transcript.system = typeof body.system === 'string' ? body.system : body.system.map((block: Json) => block.text).join('\n\n')
  if (Array.isArray(body.tools)) transcript.tools = body.tools.map((tool: Json) => tool.name)
  if (isObject(body.tool_choice)) {
    const { type, name } = body.tool_choice
    transcript.toolChoice = type === 'any' ? 'required' : type === 'tool' ? name : type
  }
  transcript.maxTokens = body.max_tokens
  if (body.temperature !== undefined) transcript.temperature = body.temperature
  if (body.top_p !== undefined) transcript.topP = body.top_p
  if (body.stop_sequences !== undefined) transcript.stop = body.stop_sequences
  if (body.output_config?.format?.type === 'json_schema') transcript.responseFormat = 'schema'
  return transcript
}

function describeMessage(message: Json): TranscriptMessage {
  const described: TranscriptMessage = { role: message.role }
  const blocks: Json[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content
  const texts = blocks.filter((block) => block.type === 'text')
  if (texts.length > 0) described.text = texts.map((block) => block.text).join('')
  const images = blocks.filter((block) => block.type === 'image' || block.type === 'document').map((block) =>
    block.source.type === 'base64' ? `${block.source.media_type};base64` : String(block.source.url ?? block.source.type))
  if (images.length > 0) described.images = images
  const toolCalls = blocks.filter((block) => block.type === 'tool_use').map((block) => ({ id: block.id, name: block.name, arguments: block.input }))
  if (toolCalls.length > 0) described.toolCalls = toolCalls
  const toolResults = blocks.filter((block) => block.type === 'tool_result').map((block) => ({ id: block.tool_use_id, content: textOf(block.content) }))
  if (toolResults.length > 0) described.toolResults = toolResults
  return described
}
