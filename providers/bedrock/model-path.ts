import { badRequest } from '../../worker/http/errors'

export type BedrockOperation = 'converse' | 'converse-stream' | 'invoke'

/**
 * The request path for a model: the id is one URL path segment, so the `:` of versioned ids
 * (`anthropic.claude-3-5-sonnet-20240620-v1:0`) and the `/` of ARNs are percent-encoded, as the
 * AWS SDKs do. Inference profile ids (`us.anthropic.claude-…`) and ARNs pass through unchanged.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_RequestSyntax
 */
export function bedrockModelPath(model: unknown, operation: BedrockOperation): string {
  if (typeof model !== 'string' || model.trim() === '') throw badRequest('model is required: a Bedrock model id, inference profile id or ARN.', 'model')
  return `/model/${encodeSegment(model)}/${operation}`
}

// encodeURIComponent leaves !'()* alone; RFC 3986 (and the AWS SDKs) encode them.
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** Whether a model id names an Anthropic model (foundation model, inference profile or ARN). */
export function isAnthropicModel(model: string): boolean {
  return /(^|[./])anthropic\./.test(model)
}
