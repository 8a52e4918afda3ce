import { badRequest } from '../../worker/http/errors'

type Json = Record<string, unknown>

/** The Cohere request fields that express OpenAI's `tools` and `tool_choice`. */
export interface CohereToolFields {
  tools?: Json[]
  tool_choice?: 'REQUIRED' | 'NONE'
  strict_tools?: boolean
}

/**
 * Maps OpenAI `tools` / `tool_choice` onto Cohere v2. Tools keep the OpenAI shape (Cohere requires
 * `parameters`, so an empty object schema stands in); `required` → `REQUIRED`, `none` → `NONE`,
 * `auto` → omitted. Cohere cannot force one named tool, so a forced function (or `allowed_tools`)
 * sends only the chosen tools with `REQUIRED` (gateway choice). Any `strict: true` sets `strict_tools`.
 * @see https://docs.cohere.com/v2/reference/chat (tools, tool_choice, strict_tools)
 */
export function mapCohereTools(tools: unknown, toolChoice: unknown): CohereToolFields {
  if (tools === undefined || tools === null) {
    if (toolChoice === 'required' || isObject(toolChoice)) throw badRequest('tool_choice needs tools.', 'tool_choice')
    return {}
  }
  if (!Array.isArray(tools)) throw badRequest('tools must be an array.', 'tools')
  let mapped = tools.map((tool, index) => mapTool(tool, `tools[${index}]`))
  const fields: CohereToolFields = {}
  if (tools.some((tool) => isObject(tool) && isObject(tool.function) && tool.function.strict === true)) fields.strict_tools = true

  const choice = mapToolChoice(toolChoice)
  if (choice.only) {
    const wanted = new Set(choice.only)
    mapped = mapped.filter((tool) => wanted.has((tool.function as Json).name as string))
    if (mapped.length === 0) throw badRequest('tool_choice names no declared tool.', 'tool_choice')
  }
  if (mapped.length > 0) fields.tools = mapped
  if (choice.value) fields.tool_choice = choice.value
  return fields
}

function mapTool(tool: unknown, path: string): Json {
  if (!isObject(tool) || tool.type !== 'function' || !isObject(tool.function) || typeof tool.function.name !== 'string') {
    throw badRequest(`${path} must be a function tool; Cohere has no custom tools.`, path)
  }
  const fn = tool.function
  const mapped: Json = { name: fn.name, parameters: isObject(fn.parameters) ? fn.parameters : { type: 'object', properties: {} } }
  if (typeof fn.description === 'string') mapped.description = fn.description
  return { type: 'function', function: mapped }
}

/** Maps one OpenAI tool_choice; `only` lists the tool names to keep. */
function mapToolChoice(toolChoice: unknown): { value?: 'REQUIRED' | 'NONE'; only?: string[] } {
  if (toolChoice === undefined || toolChoice === null || toolChoice === 'auto') return {}
  if (toolChoice === 'required') return { value: 'REQUIRED' }
  if (toolChoice === 'none') return { value: 'NONE' }
  if (isObject(toolChoice) && toolChoice.type === 'function' && isObject(toolChoice.function) && typeof toolChoice.function.name === 'string') {
    return { value: 'REQUIRED', only: [toolChoice.function.name] }
  }
  if (isObject(toolChoice) && toolChoice.type === 'allowed_tools' && isObject(toolChoice.allowed_tools)) {
    const allowed = toolChoice.allowed_tools
    const names = Array.isArray(allowed.tools)
      ? allowed.tools.flatMap((tool) => (isObject(tool) && isObject(tool.function) && typeof tool.function.name === 'string' ? [tool.function.name] : []))
      : []
    return { value: allowed.mode === 'required' ? 'REQUIRED' : undefined, only: names }
  }
  throw badRequest(`tool_choice ${JSON.stringify(toolChoice).slice(0, 100)} is not supported by Cohere.`, 'tool_choice')
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
