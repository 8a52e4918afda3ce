import worker from '../index'
import type { ConfigStore } from './config-store'
import { createDenoKvStore, type DenoKvLike } from './deno-kv-store'
import { createJsonConfigStore, parseConfigsVariable } from './json-config-store'
import { platformContext, platformEnv } from './platform-env'

/** The part of the `Deno` global used here (typed locally so that worker/ needs no Deno types). */
interface DenoGlobal {
  env: { toObject(): Record<string, string> }
  openKv?: (path?: string) => Promise<DenoKvLike>
  readTextFileSync(path: string): string
}
declare const Deno: DenoGlobal

/**
 * The config store on Deno: Deno KV when the runtime offers it (Deno Deploy, or `--unstable-kv`
 * locally, where UNDERSTUDY_KV_PATH names the database file), else the read-only JSON of
 * UNDERSTUDY_CONFIGS or of the file UNDERSTUDY_CONFIGS_FILE, else none.
 */
export async function denoConfigStore(variables: Record<string, string>): Promise<ConfigStore | undefined> {
  const json = variables.UNDERSTUDY_CONFIGS ?? (variables.UNDERSTUDY_CONFIGS_FILE ? Deno.readTextFileSync(variables.UNDERSTUDY_CONFIGS_FILE) : undefined)
  if (typeof Deno.openKv === 'function' && variables.UNDERSTUDY_CONFIG_STORE !== 'json') {
    if (json) console.warn('understudy: Deno KV is available, so UNDERSTUDY_CONFIGS is ignored (set UNDERSTUDY_CONFIG_STORE=json to use it).')
    return createDenoKvStore(await Deno.openKv(variables.UNDERSTUDY_KV_PATH || undefined))
  }
  return json ? createJsonConfigStore(parseConfigsVariable(json)) : undefined
}

/**
 * The gateway as a `deno serve` module's default export. The env is built once: a Deno
 * process's (or Deno Deploy deployment's) environment does not change while it runs.
 */
export async function createDenoServer(): Promise<{ fetch(request: Request): Promise<Response> }> {
  const variables = Deno.env.toObject()
  const env = platformEnv(variables, await denoConfigStore(variables))
  const context = platformContext()
  return { fetch: (request) => worker.fetch(request, env, context) }
}
