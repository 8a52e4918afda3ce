import { badRequest } from '../../worker/http/errors'
import { isRecord } from './is-record'
import type { AnthropicBlock } from './map-openai-content'

/**
 * Maps OpenAI function tools onto Anthropic tool definitions (`parameters` → `input_schema`).
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 */
export function mapOpenAITools(tools: unknown): AnthropicBlock[] | undefined {
  if (tools === undefined || tools === null) return undefined
  if (!Array.isArray(tools)) throw badRequest('tools must be an array.', 'tools')
  if (tools.length === 0) return undefined
  return tools.map((tool, index) => {
    const path = `tools[${index}]`
    if (!isRecord(tool) || tool.type !== 'function' || !isRecord(tool.function) || typeof tool.function.name !== 'string') {
      throw badRequest(`${path} must be a function tool with function.name; Anthropic supports only function tools here.`, path)
    }
    const fn = tool.function
    const definition: AnthropicBlock = {
      name: fn.name,
      // Anthropic requires an object schema even for a tool without parameters.
      input_schema: isRecord(fn.parameters) ? fn.parameters : { type: 'object', properties: {} },
    }
    if (typeof fn.description === 'string') definition.description = fn.description
    if (isRecord(tool.cache_control)) definition.cache_control = tool.cache_control
    return definition
  })
}

/**
 * Maps `tool_choice` and `parallel_tool_calls` onto Anthropic's `tool_choice` object.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#forcing-tool-use
 */
export function mapOpenAIToolChoice(toolChoice: unknown, parallelToolCalls: unknown): AnthropicBlock | undefined {
  const choice = mapChoice(toolChoice)
  if (parallelToolCalls !== false || choice?.type === 'none') return choice
  // Anthropic expresses "one call at a time" only on a tool_choice object, so auto is made explicit.
  return { ...(choice ?? { type: 'auto' }), disable_parallel_tool_use: true }
}

function mapChoice(toolChoice: unknown): AnthropicBlock | undefined {
  if (isRecord(toolChoice)) {
    const fn = toolChoice.function
    if (toolChoice.type === 'function' && isRecord(fn) && typeof fn.name === 'string') return { type: 'tool', name: fn.name }
    throw badRequest(`tool_choice of type '${String(toolChoice.type)}' is not supported for Anthropic (use auto, none, required or a named function).`, 'tool_choice')
  }
  switch (toolChoice) {
    case undefined:
    case null:
      return undefined
    case 'auto':
      return { type: 'auto' }
    case 'none':
      return { type: 'none' }
    case 'required':
      return { type: 'any' }
    default:
      throw badRequest(`tool_choice '${String(toolChoice)}' is not supported for Anthropic (use auto, none, required or a named function).`, 'tool_choice')
  }
}
