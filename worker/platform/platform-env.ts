import type { ExecutionContext, KVNamespace } from '@cloudflare/workers-types'
import type { ConfigStore } from './config-store'
import type { Env } from './env'

/**
 * The Worker's `env` on a platform without bindings: every environment variable as a string
 * binding (provider keys are plain secret variables there) and the config store as CONFIGS.
 */
export function platformEnv(variables: Record<string, string | undefined>, store: ConfigStore | undefined): Env {
  const env: Env = {}
  for (const [name, value] of Object.entries(variables)) if (typeof value === 'string') env[name] = value
  // The gateway calls only the ConfigStore subset of KV (get/put/delete/list).
  if (store) env.CONFIGS = store as unknown as KVNamespace
  else delete env.CONFIGS
  return env
}

/**
 * An ExecutionContext for platforms that have none: `waitUntil` hands the promise to the
 * platform's own (Vercel's request context) when there is one, else keeps it from rejecting
 * unhandled; there is no origin to pass through to.
 */
export function platformContext(waitUntil?: (promise: Promise<unknown>) => void): ExecutionContext {
  return {
    waitUntil(promise: Promise<unknown>) {
      if (waitUntil) waitUntil(promise)
      else promise.catch(() => {})
    },
    passThroughOnException() {},
    props: {},
  } as ExecutionContext
}
