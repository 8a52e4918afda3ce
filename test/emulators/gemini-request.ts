import type { Transcript, TranscriptMessage } from './scenarios'

// What the Gemini emulator checks in a generateContent request, with messages worded like Google's
// (proto field paths, "Invalid JSON payload received" for unknown fields).
// @see https://ai.google.dev/api/generate-content#request-body

type Json = Record<string, any>

const TOP_LEVEL = ['contents', 'systemInstruction', 'generationConfig', 'safetySettings', 'tools', 'toolConfig', 'cachedContent', 'labels', 'serviceTier', 'store']
const GENERATION_CONFIG = [
  'temperature', 'topP', 'topK', 'candidateCount', 'maxOutputTokens', 'stopSequences', 'presencePenalty', 'frequencyPenalty', 'seed',
  'responseMimeType', 'responseSchema', 'responseJsonSchema', 'responseLogprobs', 'logprobs', 'responseModalities', 'thinkingConfig',
  'mediaResolution', 'speechConfig', 'imageConfig',
]
const PART_DATA = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult']
const MODES = ['AUTO', 'ANY', 'NONE', 'VALIDATED']

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const unknownField = (name: string, at?: string) => `Invalid JSON payload received. Unknown name "${name}"${at ? ` at '${at}'` : ''}: Cannot find field.`

/** The message of the 400 Gemini would answer, or undefined for a valid request. */
export function validateGenerateContent(body: unknown, options: { model: string; vertex: boolean }): string | undefined {
  if (!isObject(body)) return 'Invalid JSON payload received. Expected an object.'
  for (const key of Object.keys(body)) if (!TOP_LEVEL.includes(key)) return unknownField(key)
  if (!Array.isArray(body.contents) || body.contents.length === 0) return '* GenerateContentRequest.contents: contents is not specified'
  if (isObject(body.generationConfig)) {
    for (const key of Object.keys(body.generationConfig)) if (!GENERATION_CONFIG.includes(key)) return unknownField(key, 'generation_config')
  }
  for (const [index, content] of body.contents.entries()) {
    const problem = validateContent(content, index, options)
    if (problem) return problem
  }
  return validateTools(body)
}

function validateContent(content: unknown, index: number, options: { model: string; vertex: boolean }): string | undefined {
  const path = `* GenerateContentRequest.contents[${index}]`
  if (!isObject(content)) return `${path}: must be an object`
  // Vertex insists on a role; the Gemini API tolerates a missing one.
  if (content.role === undefined ? options.vertex : content.role !== 'user' && content.role !== 'model') return 'Please use a valid role: user, model.'
  if (!Array.isArray(content.parts) || content.parts.length === 0) return `${path}.parts: contents.parts must not be empty.`
  for (const [position, part] of content.parts.entries()) {
    const keys = isObject(part) ? Object.keys(part).filter((key) => PART_DATA.includes(key)) : []
    if (keys.length !== 1) return `${path}.parts[${position}].data: required oneof field 'data' must have one initialized field`
    if (part.inlineData && (typeof part.inlineData.mimeType !== 'string' || typeof part.inlineData.data !== 'string')) return `${path}.parts[${position}].inline_data: mime_type and data are required`
    if (part.fileData && typeof part.fileData.fileUri !== 'string') return `${path}.parts[${position}].file_data.file_uri: file_uri is required`
    if (part.functionResponse && (typeof part.functionResponse.name !== 'string' || !isObject(part.functionResponse.response))) {
      return `${path}.parts[${position}].function_response: name and a response object are required`
    }
  }
  // Gemini 3 validates thought signatures on the first function call of each model turn.
  const firstCall = content.parts.findIndex((part: Json) => part.functionCall)
  if (content.role === 'model' && firstCall !== -1 && /gemini-([3-9]|\d{2,})/.test(options.model) && !content.parts[firstCall].thoughtSignature) {
    return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${content.parts[firstCall].functionCall.name}\` , position ${firstCall + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`
  }
  return undefined
}

function validateTools(body: Json): string | undefined {
  for (const [index, tool] of (Array.isArray(body.tools) ? body.tools : []).entries()) {
    for (const [position, declaration] of (tool.functionDeclarations ?? []).entries()) {
      const path = `* GenerateContentRequest.tools[${index}].function_declarations[${position}]`
      if (typeof declaration.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/.test(declaration.name)) return `${path}.name: Invalid function name.`
      if (declaration.parameters !== undefined && declaration.parametersJsonSchema !== undefined) return `${path}: parameters and parameters_json_schema are mutually exclusive`
    }
  }
  const config = body.toolConfig?.functionCallingConfig
  if (config !== undefined && !MODES.includes(config.mode)) return `Invalid value at 'tool_config.function_calling_config.mode' (type.googleapis.com/google.ai.generativelanguage.v1beta.FunctionCallingConfig.Mode), "${config.mode}"`
  if (config?.allowedFunctionNames !== undefined && config.mode !== 'ANY' && config.mode !== 'VALIDATED') {
    return '* GenerateContentRequest.tool_config.function_calling_config.allowed_function_names: only allowed when mode is ANY'
  }
  return undefined
}

const textOf = (content: Json | undefined): string => (content?.parts ?? []).filter((part: Json) => typeof part.text === 'string').map((part: Json) => part.text).join('')

/** The text of the last user turn, where the scenario is chosen. */
export function lastUserText(body: Json): string {
  const users = (body.contents as Json[]).filter((content) => content.role !== 'model' && textOf(content) !== '')
  return textOf(users[users.length - 1])
}

/** What the emulator understood of a valid request, for the echo scenario. */
export function transcriptOf(body: Json, model: string, stream: boolean): Transcript {
  const transcript: Transcript = { model, messages: (body.contents as Json[]).map(describeContent), stream }
  if (body.systemInstruction) transcript.system = textOf(body.systemInstruction)
  const declarations = (body.tools ?? []).flatMap((tool: Json) => tool.functionDeclarations ?? [])
  if (declarations.length > 0) transcript.tools = declarations.map((declaration: Json) => declaration.name)
  const calling = body.toolConfig?.functionCallingConfig
  if (calling) {
    const names: string[] = calling.allowedFunctionNames ?? []
    transcript.toolChoice = calling.mode === 'ANY' ? (names.length === 1 ? names[0] : 'required') : String(calling.mode).toLowerCase()
  }
  const config: Json = body.generationConfig ?? {}
  if (config.maxOutputTokens !== undefined) transcript.maxTokens = config.maxOutputTokens
  if (config.temperature !== undefined) transcript.temperature = config.temperature
  if (config.topP !== undefined) transcript.topP = config.topP
  if (config.stopSequences !== undefined) transcript.stop = config.stopSequences
  if (config.responseJsonSchema !== undefined || config.responseSchema !== undefined) transcript.responseFormat = 'schema'
  else if (config.responseMimeType === 'application/json') transcript.responseFormat = 'json'
  return transcript
}

function describeContent(content: Json): TranscriptMessage {
  const message: TranscriptMessage = { role: content.role === 'model' ? 'assistant' : 'user' }
  const parts: Json[] = content.parts
  const text = textOf(content)
  if (text !== '') message.text = text
  const images = parts.flatMap((part) => (part.inlineData ? [`${part.inlineData.mimeType};base64`] : part.fileData ? [part.fileData.fileUri] : []))
  if (images.length > 0) message.images = images
  const calls = parts.filter((part) => part.functionCall).map((part) => ({ ...(part.functionCall.id ? { id: part.functionCall.id } : {}), name: part.functionCall.name, arguments: part.functionCall.args ?? {} }))
  if (calls.length > 0) message.toolCalls = calls
  const results = parts.filter((part) => part.functionResponse).map(({ functionResponse }) => ({
    ...(functionResponse.id ? { id: functionResponse.id } : {}),
    name: functionResponse.name,
    content: typeof functionResponse.response.content === 'string' ? functionResponse.response.content : JSON.stringify(functionResponse.response),
  }))
  if (results.length > 0) message.toolResults = results
  return message
}
