import type { OpenAIFlavour } from './wire'

export type Operation = 'chat' | 'completions' | 'embeddings' | 'images' | 'models' | 'model'

/** Where a request goes: the operation, the model id of `GET /models/{id}`, Azure's deployment. */
export interface Route {
  operation: Operation
  modelId?: string
  deployment?: string
}

/** The path below which each flavour serves (Azure's deployment paths are parsed apart). */
export const BASE_PATHS: Record<OpenAIFlavour, string> = {
  openai: '/v1',
  azure: '/openai',
  groq: '/openai/v1',
  mistral: '/v1',
  openrouter: '/api/v1',
  together: '/v1',
  deepseek: '/v1',
  ollama: '/v1',
}

const POST_OPERATIONS: Record<string, Operation> = {
  '/chat/completions': 'chat',
  '/completions': 'completions',
  '/embeddings': 'embeddings',
  '/images/generations': 'images',
}

/** Finds the route of a method and path (without query), or undefined for a path not served. */
export function matchRoute(flavour: OpenAIFlavour, method: string, path: string): Route | undefined {
  const base = BASE_PATHS[flavour]
  if (!path.startsWith(`${base}/`)) return undefined
  let rest = path.slice(base.length)
  let deployment: string | undefined
  if (flavour === 'azure' && rest.startsWith('/deployments/')) {
    const match = /^\/deployments\/([^/]+)(\/.*)$/.exec(rest)
    if (!match) return undefined
    deployment = decodeURIComponent(match[1])
    rest = match[2]
  }
  if (method === 'GET' && !deployment) {
    if (rest === '/models') return { operation: 'models' }
    if (rest.startsWith('/models/')) return { operation: 'model', modelId: decodeURIComponent(rest.slice('/models/'.length)) }
    return undefined
  }
  const operation = method === 'POST' ? POST_OPERATIONS[rest] : undefined
  // Azure serves inference only below a deployment.
  if (!operation || (flavour === 'azure' && !deployment)) return undefined
  return { operation, deployment }
}
