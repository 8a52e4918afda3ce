import { badRequest } from '../../worker/http/errors'

export interface FunctionCallingConfig {
  mode: 'AUTO' | 'NONE' | 'ANY'
  allowedFunctionNames?: string[]
}

/**
 * Maps OpenAI `tools` onto one Gemini tool of `functionDeclarations`. The JSON Schema of each
 * function goes unchanged into `parametersJsonSchema`, which takes standard JSON Schema
 * (lower-case types, `additionalProperties`), so nothing is lost in a conversion to Gemini's
 * OpenAPI-subset `Schema`. `strict` has no Gemini equivalent and is dropped.
 * @see https://ai.google.dev/api/caching#FunctionDeclaration
 */
export function mapTools(tools: unknown): Array<{ functionDeclarations: Record<string, unknown>[] }> | undefined {
  if (tools === undefined || tools === null) return undefined
  if (!Array.isArray(tools)) throw badRequest('tools must be an array.', 'tools')
  if (tools.length === 0) return undefined
  const declarations = tools.map((tool, index) => {
    const param = `tools[${index}]`
    const record = (typeof tool === 'object' && tool !== null ? tool : {}) as Record<string, unknown>
    if (record.type !== 'function') throw badRequest(`Tools of type '${String(record.type)}' cannot be sent to Gemini.`, `${param}.type`)
    const fn = (record.function ?? {}) as Record<string, unknown>
    if (typeof fn.name !== 'string' || fn.name === '') throw badRequest('A function tool needs a name.', `${param}.function.name`)
    const declaration: Record<string, unknown> = { name: fn.name }
    if (typeof fn.description === 'string') declaration.description = fn.description
    if (typeof fn.parameters === 'object' && fn.parameters !== null) declaration.parametersJsonSchema = fn.parameters
    return declaration
  })
  return [{ functionDeclarations: declarations }]
}

/**
 * Maps OpenAI `tool_choice` onto `toolConfig.functionCallingConfig`: auto → AUTO, none → NONE,
 * required → ANY, a named function → ANY restricted to that name. `allowed_tools` maps its mode
 * the same way and restricts names only under ANY (Gemini ignores names under AUTO).
 * @see https://ai.google.dev/api/caching#FunctionCallingConfig
 */
export function mapToolChoice(choice: unknown): { functionCallingConfig: FunctionCallingConfig } | undefined {
  if (choice === undefined || choice === null) return undefined
  if (typeof choice === 'string') {
    switch (choice) {
      case 'auto':
        return { functionCallingConfig: { mode: 'AUTO' } }
      case 'none':
        return { functionCallingConfig: { mode: 'NONE' } }
      case 'required':
        return { functionCallingConfig: { mode: 'ANY' } }
      default:
        throw badRequest(`tool_choice '${choice}' is not one of auto, none, required.`, 'tool_choice')
    }
  }
  const record = choice as Record<string, unknown>
  if (record.type === 'function') {
    const name = (record.function as { name?: unknown } | undefined)?.name
    if (typeof name !== 'string') throw badRequest('tool_choice.function.name is required.', 'tool_choice.function.name')
    return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [name] } }
  }
  if (record.type === 'allowed_tools') {
    const allowed = (record.allowed_tools ?? {}) as { mode?: unknown; tools?: unknown }
    if (allowed.mode !== 'required') return { functionCallingConfig: { mode: 'AUTO' } }
    const names = (Array.isArray(allowed.tools) ? allowed.tools : [])
      .map((tool) => (tool as { function?: { name?: unknown } })?.function?.name)
      .filter((name): name is string => typeof name === 'string')
    return { functionCallingConfig: { mode: 'ANY', ...(names.length > 0 ? { allowedFunctionNames: names } : {}) } }
  }
  throw badRequest('tool_choice must be a string or a function choice.', 'tool_choice')
}
