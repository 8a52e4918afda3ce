import type { Endpoint } from '../../providers/types'
import type { LeafNode, Plan, PlanNode } from '../config/plan'
import { forbidden } from './auth-errors'
import type { KeyRecord } from './key-record'

export interface PolicyInput {
  endpoint: Endpoint
  /** The request body's model (or the one in GET /v1/models/:model). */
  bodyModel?: string
  /** Every integration the request names (see referencedIntegrations); needed when the policy lists integrations. */
  integrations?: Set<string>
}

/**
 * Checks a resolved plan against its key's policy, every leaf that could run (all branches of a
 * conditional, every fallback): the saved config (browser keys must use one), the integrations,
 * providers and models (after override_params and `@slug/` resolution). 403 naming what was refused.
 */
export function checkPlanPolicy(record: KeyRecord, plan: Plan, input: PolicyInput): void {
  const policy = record.policy
  if (policy.configs !== undefined || record.browser) checkConfig(record, plan.configId)
  if (policy.integrations !== undefined) {
    for (const slug of input.integrations ?? []) {
      if (!policy.integrations.includes(slug)) throw forbidden(`integration '${slug}' is not allowed for this key.`, 'integration_not_allowed', 'x-portkey-config')
    }
  }
  if (policy.providers === undefined && policy.models === undefined) return
  for (const leaf of leaves(plan.root)) {
    if (policy.providers !== undefined && !policy.providers.includes(leaf.provider)) {
      throw forbidden(`provider '${leaf.provider}' (${leaf.path}) is not allowed for this key.`, 'provider_not_allowed', leaf.path)
    }
    if (policy.models !== undefined) checkModel(policy.models, leaf, input)
  }
}

function checkConfig(record: KeyRecord, configId: string | undefined): void {
  const allowed = [...(record.policy.configs ?? [])]
  if (record.policy.default_config !== undefined && !allowed.includes(record.policy.default_config)) allowed.push(record.policy.default_config)
  if (configId === undefined) {
    throw forbidden(`This key may only use the saved configs ${allowed.map((id) => `'${id}'`).join(', ') || '(none)'}: name one in x-portkey-config.`, 'config_required', 'x-portkey-config')
  }
  if (!allowed.includes(configId)) throw forbidden(`config '${configId}' is not allowed for this key.`, 'config_not_allowed', 'x-portkey-config')
}

function checkModel(patterns: string[], leaf: LeafNode, input: PolicyInput): void {
  const override = leaf.overrideParams.model
  const model = typeof override === 'string' ? override : input.bodyModel
  // Listing the models of a provider names no model.
  if (model === undefined && input.endpoint === 'models') return
  if (model === undefined) throw forbidden(`This key may only use listed models, and ${leaf.path} names none: send model.`, 'model_required', 'model')
  if (!patterns.some((pattern) => modelMatches(pattern, model))) {
    throw forbidden(`model '${model.slice(0, 200)}' (${leaf.path}) is not allowed for this key.`, 'model_not_allowed', 'model')
  }
}

/** Exact match, or a prefix match for a pattern ending in `*` (`gpt-4o*`). */
export function modelMatches(pattern: string, model: string): boolean {
  return pattern.endsWith('*') ? model.startsWith(pattern.slice(0, -1)) : pattern === model
}

function* leaves(node: PlanNode): Generator<LeafNode> {
  if (node.kind === 'target') yield node
  else for (const child of node.children) yield* leaves(child)
}
