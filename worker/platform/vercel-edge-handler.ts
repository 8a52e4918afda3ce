import worker from '../index'
import type { ConfigStore } from './config-store'
import type { Env } from './env'
import { createJsonConfigStore, parseConfigsVariable } from './json-config-store'
import { platformContext, platformEnv } from './platform-env'
import { createUpstashStore } from './upstash-store'

declare const process: { env: Record<string, string | undefined> }

/**
 * The config store on Vercel Edge: Upstash Redis over REST when its variables are set (the Vercel
 * marketplace's Upstash / former Vercel KV integration sets KV_REST_API_URL and KV_REST_API_TOKEN),
 * else the read-only JSON of UNDERSTUDY_CONFIGS, else none.
 */
export function vercelConfigStore(variables: Record<string, string | undefined>): ConfigStore | undefined {
  const url = variables.KV_REST_API_URL ?? variables.UPSTASH_REDIS_REST_URL
  const token = variables.KV_REST_API_TOKEN ?? variables.UPSTASH_REDIS_REST_TOKEN
  if (url && token) return createUpstashStore({ url, token })
  return variables.UNDERSTUDY_CONFIGS ? createJsonConfigStore(parseConfigsVariable(variables.UNDERSTUDY_CONFIGS)) : undefined
}

let env: Env | undefined

/**
 * The gateway as a Vercel Edge Function handler. The env is built on the first request, from the
 * deployment's environment variables (secrets are environment variables on Vercel).
 */
export function handleVercelEdge(request: Request, context?: { waitUntil?(promise: Promise<unknown>): void }): Promise<Response> {
  env ??= platformEnv(process.env, vercelConfigStore(process.env))
  return worker.fetch(request, env, platformContext(context?.waitUntil?.bind(context)))
}
