import { selectConfig } from '../config/config-source'
import { splitSlugModel } from '../config/ids'
import { findIntegration } from '../config/load-integration'
import type { ConfigNode } from '../config/normalised-config'
import { readPortkeyHeaders } from '../config/read-portkey-headers'
import type { Env } from '../platform/env'

export interface RoutingInput {
  /** The headers the config layer sees (without the gateway key). */
  headers: Headers
  bodyConfig?: unknown
  bodyModel?: string
}

/**
 * Every integration (stored provider account) the request names anywhere: x-portkey-provider
 * `@slug`, x-portkey-virtual-key, and in the config every `provider: "@slug"`, `virtual_key` and
 * `@slug/model` model (the body's too), on every branch, whether or not it would run. A model
 * `@name/…` counts only when `name` is an integration (`@cf/…` is a Workers AI model name).
 * Call after resolvePlan succeeded, so that every read here is a memoised one.
 */
export async function referencedIntegrations(input: RoutingInput, env: Env, now?: () => number): Promise<Set<string>> {
  const headers = readPortkeyHeaders(input.headers)
  const slugs = new Set<string>()
  const modelSlugs = new Set<string>()
  if (headers.provider?.startsWith('@')) slugs.add(headers.provider.slice(1))
  if (headers.virtualKey !== undefined) slugs.add(headers.virtualKey)
  const bodySplit = splitSlugModel(input.bodyModel)
  if (bodySplit) modelSlugs.add(bodySplit.slug)
  const source = await selectConfig(input.bodyConfig, input.bodyModel, headers, env, now)
  const walk = (node: ConfigNode) => {
    if (node.provider?.startsWith('@')) slugs.add(node.provider.slice(1))
    if (node.virtualKey !== undefined) slugs.add(node.virtualKey)
    const split = splitSlugModel(node.overrideParams?.model)
    if (split) modelSlugs.add(split.slug)
    node.targets?.forEach(walk)
  }
  walk(source.config)
  for (const slug of modelSlugs) {
    if (!slugs.has(slug) && (await findIntegration(slug, env, now))) slugs.add(slug)
  }
  return slugs
}
