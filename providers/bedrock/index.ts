import type { ProviderAdapter, Target } from '../types'
import { authenticateBedrock, DEFAULT_BEDROCK_REGION } from './authenticate'
import { EventStreamDecoder } from './event-stream-decoder'
import { mapChatRequest } from './map-chat-request'
import { mapChatResponse } from './map-chat-response'
import { mapEmbeddingsRequest } from './map-embeddings-request'
import { mapEmbeddingsResponse } from './map-embeddings-response'
import { bedrockToError } from './map-error'
import { isAnthropicModel } from './model-path'
import { bedrockStreamMapper } from './stream-transform'

/** The Bedrock Runtime endpoint of a region (`awsRegion`, default us-east-1). */
export function bedrockBaseUrl(target: Target): string {
  return `https://bedrock-runtime.${target.options.awsRegion || DEFAULT_BEDROCK_REGION}.amazonaws.com`
}

/**
 * AWS Bedrock through the Converse / ConverseStream API (chat) and InvokeModel (embeddings),
 * signed with SigV4 or a Bedrock API key; streams are the binary AWS event stream.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_Operations_Amazon_Bedrock_Runtime.html
 */
export const bedrockAdapter: ProviderAdapter = {
  id: 'bedrock',
  baseUrl: bedrockBaseUrl,
  authenticate: authenticateBedrock,
  frameDecoder: () => new EventStreamDecoder(),
  endpoints: {
    chat: {
      toUpstream: (body) => mapChatRequest(body),
      fromUpstream: mapChatResponse,
      streamTransform: bedrockStreamMapper,
      toError: bedrockToError,
    },
    embeddings: {
      toUpstream: (body) => mapEmbeddingsRequest(body),
      fromUpstream: mapEmbeddingsResponse,
      toError: bedrockToError,
    },
  },
  // Converse continues a trailing assistant turn for Anthropic models only.
  capabilities: { prefill: isAnthropicModel },
}
