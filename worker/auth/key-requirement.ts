import type { Env } from '../platform/env'
import { readKeyMemoised } from './key-memo'

/**
 * Present once the admin API has created any key (worker/routes/admin/keys.ts writes it); from
 * then on a request that uses a stored provider key or a saved config needs a gateway key.
 */
export const KEYS_ENABLED_MARKER = 'meta:keys-enabled'

/**
 * When a request without a gateway key is refused:
 * - `always`: every request (env REQUIRE_GATEWAY_KEY = "true"), bring-your-own-key included;
 * - `stored`: requests that would use a stored key, a saved config or an integration (keys exist);
 * - `off`: never. No key was ever created and REQUIRE_GATEWAY_KEY is not set: local development.
 */
export type KeyRequirement = 'always' | 'stored' | 'off'

/** The deployment's key requirement: one memoised KV read (10 s; 5 s while the marker is absent). */
export async function keyRequirement(env: Env, now: () => number = Date.now): Promise<KeyRequirement> {
  if (env.REQUIRE_GATEWAY_KEY === 'true') return 'always'
  if (!env.CONFIGS) return 'off'
  const marker = await readKeyMemoised(env.CONFIGS, KEYS_ENABLED_MARKER, () => true, now)
  return marker ? 'stored' : 'off'
}
