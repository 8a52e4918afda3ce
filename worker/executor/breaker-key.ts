import type { OpenAIBody, ProviderAdapter } from '../../providers/types'
import type { LeafNode } from '../config/plan'

/** A breaker per provider host and model: one model's outage does not shut out its siblings. */
export function breakerKey(leaf: LeafNode, adapter: ProviderAdapter, body: OpenAIBody): string {
  const model = String(leaf.overrideParams.model ?? body.model ?? '')
  let host: string
  try {
    host = leaf.baseUrl ?? adapter.baseUrl(leaf)
  } catch {
    // A base URL the adapter cannot build fails the attempt itself; key the breaker by path.
    host = leaf.path
  }
  return `${leaf.provider} ${host} ${model}`
}
