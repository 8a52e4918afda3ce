import { badRequest } from '../../worker/http/errors'
import { createOpenAIFormatAdapter, openAIPath } from '../openai'
import type { ChunkMapper } from '../openai'
import type { Endpoint, OpenAIBody, SignableRequest, Target } from '../types'
import { mapAzureError } from './map-azure-error'

/**
 * The api-version sent when the target names none: the latest GA version of the (dated)
 * data-plane inference API. The newer `/openai/v1` surface needs none but is not used here.
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/reference
 */
export const AZURE_DEFAULT_API_VERSION = '2024-10-21'

// A resource name is one DNS label; anything else could steer the key to another host.
const RESOURCE_NAME = /^[a-z0-9](?:[a-z0-9-]{0,62})$/i

/** `https://{resource}.openai.azure.com/openai` for targets without their own base URL. */
export function azureBaseUrl(target: Target): string {
  const resource = target.options.azureResourceName
  if (!resource) throw badRequest('azure-openai needs a resource name (azure_resource_name).', 'azure_resource_name')
  if (!RESOURCE_NAME.test(resource)) throw badRequest('azure_resource_name must be a single DNS label (letters, digits, hyphens).', 'azure_resource_name')
  return `https://${resource}.openai.azure.com/openai`
}

/**
 * `/deployments/{deployment}/{path}?api-version=…`; the deployment defaults to the body's model,
 * as the OpenAI SDK's AzureOpenAI client does. Models are listed per resource, not per deployment.
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/reference#chat-completions
 */
export function azurePath(endpoint: Endpoint, body: OpenAIBody, target: Target): string {
  const query = `?api-version=${encodeURIComponent(target.options.azureApiVersion || AZURE_DEFAULT_API_VERSION)}`
  if (endpoint === 'models') return `${openAIPath(endpoint, body)}${query}`
  const deployment = target.options.azureDeploymentId || body.model
  if (!deployment) throw badRequest('azure-openai needs a deployment (azure_deployment_id) or a model naming it.', 'azure_deployment_id')
  return `/deployments/${encodeURIComponent(deployment)}${openAIPath(endpoint, body)}${query}`
}

/** `api-key: <key>`, or `Authorization: Bearer <token>` for Microsoft Entra ID tokens. */
export function authenticateAzure(request: SignableRequest, target: Target): void {
  if (!target.apiKey) return
  if (target.options.azureAuthMode === 'entra') request.headers.set('authorization', `Bearer ${target.apiKey}`)
  else request.headers.set('api-key', target.apiKey)
}

/**
 * Azure may open a stream with a chunk whose `choices` is empty and which carries only
 * `prompt_filter_results` (and an empty id and model). OpenAI clients do not expect a chunk before
 * the first choice, so it is held and its annotations ride on the next chunk.
 */
export function createAzureChunkMapper(): ChunkMapper {
  let promptFilterResults: unknown
  return {
    map(chunk) {
      if (chunk.choices.length === 0 && !chunk.usage) {
        if (chunk.prompt_filter_results !== undefined) promptFilterResults = chunk.prompt_filter_results
        return []
      }
      if (promptFilterResults === undefined) return [chunk]
      const annotated = { ...chunk, prompt_filter_results: promptFilterResults }
      promptFilterResults = undefined
      return [annotated]
    },
  }
}

/** Azure OpenAI: OpenAI's format behind per-resource hosts, deployments and api-version. */
export const azureOpenAIAdapter = createOpenAIFormatAdapter({
  id: 'azure-openai',
  baseUrl: azureBaseUrl,
  endpoints: ['chat', 'completions', 'embeddings', 'images', 'models'],
  authenticate: authenticateAzure,
  path: azurePath,
  createChunkMapper: (endpoint) => (endpoint === 'chat' || endpoint === 'completions' ? createAzureChunkMapper() : undefined),
  mapError: mapAzureError,
})
