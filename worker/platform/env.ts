import type { DurableObjectNamespace, KVNamespace } from '@cloudflare/workers-types'

/**
 * The Worker's bindings. Provider keys are Worker Secrets named by integrations; any other
 * string binding is read only through an integration's `secret` field.
 */
export interface Env {
  /** Saved configs (`config:<id>`) and integrations (`integration:<slug>`). */
  CONFIGS?: KVNamespace
  /** Comma-separated hosts (names or IPs) that caller-supplied hosts may point at although private. */
  ALLOWED_PRIVATE_HOSTS?: string
  /** Optional JSON object of integrations, slug → integration, for deployments without KV. */
  INTEGRATIONS?: string
  /** Circuit breakers shared across isolates (the BreakerState Durable Object); optional. */
  BREAKER_STATE?: DurableObjectNamespace
  /** Bearer token of the admin API (a Worker Secret); /admin answers 503 while it is unset. */
  ADMIN_TOKEN?: string
  /** Largest accepted request body in bytes (default 10 MiB). */
  MAX_BODY_BYTES?: string
  /** `isolate`: without a RATE_LIMITER binding (Deno, Vercel Edge), count rate limits in each process's memory. */
  RATE_LIMIT_SCOPE?: string
  /** Which requests get a JSON log line: `all` (the default), `errors` (failed, retried, fallen back, recovered or cancelled) or `none`. */
  LOG_REQUESTS?: string
  [binding: string]: unknown
}
