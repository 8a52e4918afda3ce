import {
  CACHE_READ_TOKENS,
  LENGTH_DELTAS,
  TEXT_DELTAS,
  TOOL_ARGUMENT_FRAGMENTS,
  TOOL_ARGUMENTS,
  USAGE,
  pickScenario,
  type Transcript,
  type TranscriptMessage,
} from './scenarios'
import { eventFrame } from './bedrock-event-stream'

type Block = Record<string, any>

/** What the emulator will answer, before it is framed as JSON or as stream events. */
interface Plan {
  blocks: Array<{ text: string[] } | { toolUse: { toolUseId: string; name: string; fragments: string[]; input: unknown } }>
  stopReason: string
}

// Converse's inputTokens excludes cache reads, so prompt_tokens (input + cache read) = USAGE.prompt.
const TOKEN_USAGE = {
  inputTokens: USAGE.prompt - CACHE_READ_TOKENS,
  outputTokens: USAGE.completion,
  totalTokens: USAGE.prompt + USAGE.completion,
  cacheReadInputTokens: CACHE_READ_TOKENS,
  cacheWriteInputTokens: 0,
}

/** Plans the answer from the scenario named in the last user turn. */
export function planConverseAnswer(modelId: string, body: Block, stream: boolean): Plan {
  const lastUser = [...(body.messages ?? [])].reverse().find((message: Block) => message.role === 'user')
  const lastUserText = (lastUser?.content ?? []).map((block: Block) => block.text ?? '').join('')
  const firstTool = body.toolConfig?.tools?.[0]?.toolSpec?.name
  switch (pickScenario(lastUserText)) {
    case 'tool':
      if (!firstTool) return { blocks: [{ text: TEXT_DELTAS }], stopReason: 'end_turn' }
      return {
        blocks: [{ toolUse: { toolUseId: 'tooluse_emulator01', name: firstTool, fragments: TOOL_ARGUMENT_FRAGMENTS, input: TOOL_ARGUMENTS } }],
        stopReason: 'tool_use',
      }
    case 'length':
      return { blocks: [{ text: LENGTH_DELTAS }], stopReason: 'max_tokens' }
    case 'filter':
      return { blocks: [], stopReason: 'guardrail_intervened' }
    case 'stop-sequence':
      return { blocks: [{ text: TEXT_DELTAS.slice(0, 2) }], stopReason: 'stop_sequence' }
    case 'echo':
      return { blocks: [{ text: [JSON.stringify(transcriptOf(modelId, body, stream))] }], stopReason: 'end_turn' }
    default:
      return { blocks: [{ text: TEXT_DELTAS }], stopReason: 'end_turn' }
  }
}

/** The Converse JSON response for a plan. */
export function converseJson(plan: Plan): Record<string, unknown> {
  const content = plan.blocks.map((block) =>
    'text' in block ? { text: block.text.join('') } : { toolUse: { toolUseId: block.toolUse.toolUseId, name: block.toolUse.name, input: block.toolUse.input } },
  )
  return { output: { message: { role: 'assistant', content } }, stopReason: plan.stopReason, usage: TOKEN_USAGE, metrics: { latencyMs: 42 } }
}

/** The ConverseStream frames for a plan, in Bedrock's order (metadata after messageStop). */
export function converseFrames(plan: Plan): Uint8Array[] {
  const frames = [eventFrame('messageStart', { role: 'assistant' })]
  plan.blocks.forEach((block, contentBlockIndex) => {
    if ('text' in block) {
      for (const text of block.text) frames.push(eventFrame('contentBlockDelta', { contentBlockIndex, delta: { text } }))
    } else {
      const { toolUseId, name, fragments } = block.toolUse
      frames.push(eventFrame('contentBlockStart', { contentBlockIndex, start: { toolUse: { toolUseId, name } } }))
      for (const input of fragments) frames.push(eventFrame('contentBlockDelta', { contentBlockIndex, delta: { toolUse: { input } } }))
    }
    frames.push(eventFrame('contentBlockStop', { contentBlockIndex }))
  })
  frames.push(eventFrame('messageStop', { stopReason: plan.stopReason }))
  frames.push(eventFrame('metadata', { usage: TOKEN_USAGE, metrics: { latencyMs: 42 } }))
  return frames
}

/** What the emulator understood of a Converse request, for the echo scenario. */
export function transcriptOf(modelId: string, body: Block, stream: boolean): Transcript {
  const transcript: Transcript = { model: modelId, messages: (body.messages ?? []).map(transcriptMessage), stream }
  const system = (body.system ?? []).map((block: Block) => block.text).filter(Boolean)
  if (system.length > 0) transcript.system = system.join('\n')
  const tools = body.toolConfig?.tools
  if (tools) transcript.tools = tools.map((tool: Block) => tool.toolSpec?.name)
  const choice = body.toolConfig?.toolChoice
  if (choice) transcript.toolChoice = choice.auto ? 'auto' : choice.any ? 'required' : choice.tool?.name
  const config = body.inferenceConfig ?? {}
  if (config.maxTokens !== undefined) transcript.maxTokens = config.maxTokens
  if (config.temperature !== undefined) transcript.temperature = config.temperature
  if (config.topP !== undefined) transcript.topP = config.topP
  if (config.stopSequences !== undefined) transcript.stop = config.stopSequences
  return transcript
}

function transcriptMessage(message: Block): TranscriptMessage {
  const content: Block[] = message.content ?? []
  const out: TranscriptMessage = { role: message.role }
  const text = content.filter((block) => typeof block.text === 'string').map((block) => block.text).join('')
  if (text !== '') out.text = text
  const images = content.filter((block) => block.image).map((block) => `image/${block.image.format};base64`)
  if (images.length > 0) out.images = images
  const toolCalls = content.filter((block) => block.toolUse).map((block) => ({ id: block.toolUse.toolUseId, name: block.toolUse.name, arguments: block.toolUse.input }))
  if (toolCalls.length > 0) out.toolCalls = toolCalls
  const toolResults = content
    .filter((block) => block.toolResult)
    .map((block) => ({
      id: block.toolResult.toolUseId,
      content: (block.toolResult.content ?? []).map((part: Block) => part.text ?? JSON.stringify(part.json)).join(''),
    }))
  if (toolResults.length > 0) out.toolResults = toolResults
  return out
}
