import type { Transcript, TranscriptMessage } from '../scenarios'
import { contentText } from './wire'

type Message = Record<string, any>

/** What the emulator understood of an OpenAI-format chat request (the `#echo` answer). */
export function chatTranscript(body: Record<string, any>): Transcript {
  const systemTexts: string[] = []
  const messages: TranscriptMessage[] = []
  const toolNames = new Map<string, string>()
  for (const message of (body.messages ?? []) as Message[]) {
    if (message.role === 'system' || message.role === 'developer') {
      const text = contentText(message.content)
      if (text !== undefined) systemTexts.push(text)
    } else if (message.role === 'user') {
      messages.push(userMessage(message))
    } else if (message.role === 'assistant') {
      messages.push(assistantMessage(message, toolNames))
    } else if (message.role === 'tool') {
      const result = { id: message.tool_call_id, name: toolNames.get(message.tool_call_id) ?? message.name, content: contentText(message.content) ?? '' }
      const last = messages.at(-1)
      // Consecutive tool messages answer one assistant turn: they form one user turn of results.
      if (last?.role === 'user' && last.toolResults && last.text === undefined) last.toolResults.push(result)
      else messages.push({ role: 'user', toolResults: [result] })
    }
  }
  const transcript: Transcript = { messages, stream: body.stream === true }
  if (typeof body.model === 'string') transcript.model = body.model
  if (systemTexts.length > 0) transcript.system = systemTexts.join('\n')
  if (Array.isArray(body.tools) && body.tools.length > 0) transcript.tools = body.tools.map((tool: any) => tool?.function?.name)
  const toolChoice = toolChoiceOf(body.tool_choice)
  if (toolChoice) transcript.toolChoice = toolChoice
  const maxTokens = body.max_completion_tokens ?? body.max_tokens
  if (typeof maxTokens === 'number') transcript.maxTokens = maxTokens
  if (typeof body.temperature === 'number') transcript.temperature = body.temperature
  if (typeof body.top_p === 'number') transcript.topP = body.top_p
  if (body.stop != null) transcript.stop = Array.isArray(body.stop) ? body.stop : [body.stop]
  const format = body.response_format?.type
  if (format === 'json_object') transcript.responseFormat = 'json'
  else if (format === 'json_schema') transcript.responseFormat = 'schema'
  return transcript
}

function userMessage(message: Message): TranscriptMessage {
  const result: TranscriptMessage = { role: 'user' }
  const text = contentText(message.content)
  if (text !== undefined) result.text = text
  const images = Array.isArray(message.content)
    ? message.content.filter((part: any) => part?.type === 'image_url').map((part: any) => imageName(String(part.image_url?.url ?? '')))
    : []
  if (images.length > 0) result.images = images
  return result
}

function assistantMessage(message: Message, toolNames: Map<string, string>): TranscriptMessage {
  const result: TranscriptMessage = { role: 'assistant' }
  const text = contentText(message.content)
  if (text) result.text = text
  if (Array.isArray(message.tool_calls) && message.tool_calls.length > 0) {
    result.toolCalls = message.tool_calls.map((call: any) => {
      toolNames.set(call.id, call.function?.name)
      return { id: call.id, name: call.function?.name, arguments: parseArguments(call.function?.arguments) }
    })
  }
  return result
}

/** `data:image/png;base64,…` → `image/png;base64`; other URLs as they are. */
function imageName(url: string): string {
  const match = /^data:([^;,]+);base64,/.exec(url)
  return match ? `${match[1]};base64` : url
}

function parseArguments(text: unknown): unknown {
  if (typeof text !== 'string') return text
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function toolChoiceOf(choice: unknown): string | undefined {
  if (choice === 'any') return 'required' // Mistral's name for "required"
  if (typeof choice === 'string') return choice
  const named = (choice as { function?: { name?: unknown } } | undefined)?.function?.name
  return typeof named === 'string' ? named : undefined
}

/** The text of the last user message: it picks the scenario. */
export function lastUserText(messages: Message[] | undefined): string {
  const last = [...(messages ?? [])].reverse().find((message) => message?.role === 'user')
  return contentText(last?.content) ?? ''
}
