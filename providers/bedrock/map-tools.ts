import { badRequest } from '../../worker/http/errors'
import type { ConverseToolConfig } from './wire-schemas'

type Part = Record<string, unknown>

/**
 * Maps OpenAI `tools` / `tool_choice` onto a Converse `toolConfig`. Converse has no "none"
 * choice, so `tool_choice: "none"` omits the tools, except when the conversation already holds
 * tool blocks: Converse then requires a toolConfig, so the tools are sent without a choice.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolConfiguration.html
 */
export function mapToolConfig(tools: unknown, toolChoice: unknown, hasToolBlocks: boolean): ConverseToolConfig | undefined {
  if (tools == null || (Array.isArray(tools) && tools.length === 0)) return undefined
  if (!Array.isArray(tools)) throw badRequest('tools must be an array.', 'tools')
  const config: ConverseToolConfig = { tools: tools.map(mapTool) }
  const choice = mapToolChoice(toolChoice)
  if (choice === 'none') return hasToolBlocks ? config : undefined
  if (choice) config.toolChoice = choice
  return config
}

function mapTool(tool: Part, index: number): ConverseToolConfig['tools'][number] {
  const definition = tool?.function as Part | undefined
  if (tool?.type !== 'function' || typeof definition?.name !== 'string') {
    throw badRequest('Bedrock takes only function tools with a name.', `tools[${index}]`)
  }
  const toolSpec: ConverseToolConfig['tools'][number]['toolSpec'] = {
    name: definition.name,
    // Converse requires an input schema; OpenAI allows a function without parameters.
    inputSchema: { json: definition.parameters ?? { type: 'object', properties: {} } },
  }
  if (typeof definition.description === 'string' && definition.description !== '') toolSpec.description = definition.description
  return { toolSpec }
}

/**
 * Maps an OpenAI tool_choice: auto → `{auto:{}}`, required → `{any:{}}`, a named function →
 * `{tool:{name}}`; undefined leaves Bedrock's default (auto); "none" is returned as is.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolChoice.html
 */
export function mapToolChoice(toolChoice: unknown): ConverseToolConfig['toolChoice'] | 'none' | undefined {
  if (toolChoice == null) return undefined
  if (typeof toolChoice === 'string') {
    switch (toolChoice) {
      case 'auto':
        return { auto: {} }
      case 'required':
        return { any: {} }
      case 'none':
        return 'none'
      default:
        throw badRequest(`Unknown tool_choice ${JSON.stringify(toolChoice)}.`, 'tool_choice')
    }
  }
  const choice = toolChoice as Part
  const name = (choice.function as Part | undefined)?.name
  if (choice.type === 'function' && typeof name === 'string') return { tool: { name } }
  throw badRequest('Bedrock supports tool_choice "auto", "required", "none" or a named function.', 'tool_choice')
}
