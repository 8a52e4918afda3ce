import { badRequest } from '../../worker/http/errors'
import type { Target } from '../types'
import { credentialProject } from './service-account'

export const DEFAULT_VERTEX_REGION = 'us-central1'

/** The target's region (`vertexRegion`), us-central1 by default. */
export function vertexRegion(target: Target): string {
  const region = target.options.vertexRegion || DEFAULT_VERTEX_REGION
  if (!/^[a-z0-9-]+$/.test(region)) throw badRequest(`'${region.slice(0, 60)}' is not a Vertex AI region.`, 'vertex_region')
  return region
}

/**
 * The Vertex AI host for a region: `{region}-aiplatform.googleapis.com`, or the global endpoint's
 * `aiplatform.googleapis.com` for `global`.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations#global-endpoint
 */
export function vertexBaseUrl(region: string): string {
  return region === 'global' ? 'https://aiplatform.googleapis.com' : `https://${region}-aiplatform.googleapis.com`
}

/** The project: `vertexProjectId`, else the service account's `project_id`; a 400 when neither. */
export function vertexProject(target: Target): string {
  const project = target.options.vertexProjectId || credentialProject(target.apiKey)
  if (!project) throw badRequest('Vertex AI needs a project: set vertex_project_id or use a service account with project_id.', 'vertex_project_id')
  if (!/^[a-z0-9][a-z0-9.:-]*$/i.test(project)) throw badRequest(`'${project.slice(0, 60)}' is not a Google Cloud project id.`, 'vertex_project_id')
  return project
}

/**
 * `/v1/projects/{project}/locations/{region}/publishers/{publisher}/models/{model}:{method}`.
 * The model goes into the path, so only a plain model id (Claude's `name@version` included) passes.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/projects.locations.publishers.models/generateContent
 */
export function vertexModelPath(target: Target, publisher: 'google' | 'anthropic', model: string, method: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._@-]*$/.test(model) || model.includes('..')) throw badRequest(`'${model.slice(0, 100)}' is not a valid Vertex AI model name.`, 'model')
  const region = vertexRegion(target)
  return `/v1/projects/${vertexProject(target)}/locations/${region}/publishers/${publisher}/models/${model}:${method}`
}
