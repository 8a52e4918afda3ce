import { badRequest } from '../http/errors'
import type { Env } from '../platform/env'
import { splitSlugModel } from './ids'
import type { Identity, Inherited } from './inherited'
import type { Integration } from './integration-schema'
import { findIntegration, loadIntegration } from './load-integration'
import { canonicalProvider } from './provider-ids'

/** Where a target goes: its provider, the integration behind it, the key it names and the model to send. */
export interface Route {
  provider: string
  integration?: Integration
  /** A key the config (or legacy option) wrote for this target. */
  apiKey?: string
  /** Replaces the model when the model named an integration (`@slug/model` → `model`). */
  model?: string
}

export interface RouteContext {
  env: Env
  now?: () => number
  /** The request body's model. */
  bodyModel?: string
  /** The identity the x-portkey-provider / -virtual-key headers give (depth -1). */
  headerIdentity?: Identity
}

/**
 * Resolves a target's identity and a model written `@<integration>/<model>`. The model's
 * integration replaces an identity inherited from higher up; an identity set on the same node
 * or deeper must agree with it.
 */
export async function resolveRoute(state: Inherited, path: string, context: RouteContext): Promise<Route> {
  const written = writtenModel(state, context)
  const split = splitSlugModel(written?.model)
  const identity = state.identity
  let byModel: Route | undefined
  if (split) {
    const integration = await findIntegration(split.slug, context.env, context.now)
    const provider = integration?.provider ?? canonicalProvider(split.slug)
    if (provider) byModel = { provider, integration, model: split.model }
    // A model like "@cf/meta/llama" sent to an explicit provider is that provider's own name.
    else if (!identity) throw badRequest(`Unknown integration '${split.slug}' in the model '${written!.model}'.`, modelParam(path, written!.depth), 'integration_not_found')
  }
  if (byModel && (!identity || identity.depth < written!.depth)) return byModel
  const own = identity ? await routeOfIdentity(identity, path, context) : undefined
  if (!byModel) {
    if (own?.provider) return own as Route
    // A target that only sets api_key takes its provider from the x-portkey-provider header.
    const header = context.headerIdentity && (await routeOfIdentity(context.headerIdentity, path, context))
    if (header?.provider) return { ...header, provider: header.provider, apiKey: own?.apiKey }
    throw badRequest(`No provider for ${path}: set provider, virtual_key, or a model written @<integration>/<model> (or send the x-portkey-provider header).`, path, 'missing_provider')
  }
  if (!own?.provider) return { ...byModel, apiKey: own?.apiKey }
  const sameIntegration = !own.integration || !byModel.integration || own.integration.slug === byModel.integration.slug
  if (own.provider !== byModel.provider || !sameIntegration) {
    throw badRequest(`${path} names ${describe(own)} but its model '${written!.model}' names ${describe(byModel)}.`, path, 'conflicting_provider')
  }
  return { ...own, provider: own.provider, integration: own.integration ?? byModel.integration, model: byModel.model }
}

async function routeOfIdentity(identity: Identity, path: string, context: RouteContext): Promise<Partial<Route>> {
  const fromProvider = identity.provider?.startsWith('@') ? identity.provider.slice(1) : undefined
  if (fromProvider && identity.virtualKey && fromProvider !== identity.virtualKey) {
    throw badRequest(`${path} names two integrations: provider '@${fromProvider}' and virtual_key '${identity.virtualKey}'.`, path, 'conflicting_provider')
  }
  const slug = fromProvider ?? identity.virtualKey
  const param = identity.depth < 0 ? (fromProvider ? 'x-portkey-provider' : 'x-portkey-virtual-key') : `${path}.${fromProvider ? 'provider' : 'virtual_key'}`
  const integration = slug ? await loadIntegration(slug, context.env, param, context.now) : undefined
  const plain = fromProvider ? undefined : identity.provider
  if (integration && plain && plain !== integration.provider) {
    throw badRequest(`${path} sets provider '${plain}' but virtual_key '${slug}' is a ${integration.provider} integration.`, path, 'conflicting_provider')
  }
  return { provider: integration?.provider ?? plain, integration, apiKey: identity.apiKey }
}

function describe(route: Partial<Route>): string {
  return route.integration ? `integration '${route.integration.slug}' (${route.provider})` : `provider '${route.provider}'`
}

/** The model the target will send and the depth that wrote it (-2: the request body). */
function writtenModel(state: Inherited, context: RouteContext): { model: string; depth: number } | undefined {
  const override = state.overrideParams.model
  if (typeof override === 'string') return { model: override, depth: state.modelDepth }
  return context.bodyModel ? { model: context.bodyModel, depth: -2 } : undefined
}

function modelParam(path: string, depth: number): string {
  return depth === -2 ? 'model' : `${path}.override_params.model`
}
