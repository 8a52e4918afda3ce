import type { DurableObjectNamespace } from '@cloudflare/workers-types'
import type { Endpoint, OpenAIBody } from '../../providers/types'
import type { Plan } from '../config/plan'
import { renderError } from '../http/errors'
import { setTraceHeaders } from '../http/trace-headers'
import { isolateBreakers } from './breaker'
import { BreakerSync } from './breaker-sync'
import { createRecovery } from './continuation'
import { DEFAULT_TOTAL_TIMEOUT_MS, MAX_ATTEMPTS_PER_REQUEST, defaultDeps, type ExecutorDeps, type RunState } from './state'
import { committedStream, type StreamEnd } from './stream-output'
import { Trace } from './trace'
import { walkPlan } from './walk-plan'

/** LOG_REQUESTS: a line for every request, for failed or retried ones only, or none. */
export type LogRequests = 'all' | 'errors' | 'none'

export interface ExecuteInput {
  endpoint: Endpoint
  body: OpenAIBody
  plan: Plan
  callerHeaders: Headers
  clientSignal: AbortSignal
  traceId: string
  metadata: Record<string, unknown>
  /** Runs work after the response (breaker sharing); the Worker's ctx.waitUntil. */
  waitUntil?: (promise: Promise<unknown>) => void
  /** The BreakerState Durable Object namespace, when the deployment binds one. */
  breakerNamespace?: DurableObjectNamespace
  /** Fields added to the request's log line (e.g. the gateway key's metadata). */
  logFields?: Record<string, unknown>
  /** Which requests get a log line (LOG_REQUESTS); default: every one. */
  logRequests?: LogRequests
  deps?: ExecutorDeps
}

const breakerSync = new BreakerSync(isolateBreakers)

/** Runs a request through its plan and renders the answer, or the one error envelope, with trace headers. */
export async function execute(input: ExecuteInput): Promise<Response> {
  const deps = input.deps ?? defaultDeps
  const startedAt = deps.now()
  const trace = new Trace(input.traceId, startedAt)
  const stream = input.body.stream === true
  const streamOptions = input.body.stream_options as { include_usage?: unknown } | null | undefined
  const waitUntil = input.waitUntil ?? ((promise: Promise<unknown>) => void promise.catch(() => {}))
  breakerSync.refresh(input.breakerNamespace, startedAt, waitUntil)
  const state: RunState = {
    endpoint: input.endpoint,
    body: input.body,
    stream,
    includeUsage: stream && streamOptions?.include_usage === true,
    callerHeaders: input.callerHeaders,
    signal: input.clientSignal,
    deadline: startedAt + (input.plan.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS),
    budget: { attemptsLeft: MAX_ATTEMPTS_PER_REQUEST },
    conditionContext: { metadata: input.metadata, params: input.body },
    created: Math.floor(startedAt / 1000),
    trace,
    deps,
    breakers: isolateBreakers,
    breakerSync,
    breakerNamespace: input.breakerNamespace,
    waitUntil,
  }
  const logging = input.logRequests ?? 'all'
  const log = (status: number, end?: StreamEnd) => {
    if (logging === 'none') return
    // A request that succeeded at its first try says nothing Workers' own request logs do not.
    if (logging === 'errors' && status === 200 && trace.attempts.length <= 1 && (end === undefined || end.kind === 'complete') && !end?.continuations) return
    trace.log({
      endpoint: input.endpoint,
      config: input.plan.configId,
      status,
      stream,
      end: end?.kind,
      continuations: end?.continuations || undefined,
      duration_ms: deps.now() - startedAt,
      ...input.logFields,
    })
  }

  const outcome = await walkPlan(input.plan.root, state)
  if (!outcome.ok) {
    const error = outcome.error
    if (trace.attempts.length > 0) error.attempts = trace.summaries()
    log(error.status)
    return renderError(error, setTraceHeaders(new Headers(), { traceId: input.traceId, attempts: trace.attempts }))
  }
  const headers = setTraceHeaders(new Headers(), {
    traceId: input.traceId,
    provider: outcome.leaf.provider,
    targetPath: outcome.leaf.path,
    retries: outcome.retries,
    attempts: trace.attempts,
  })
  if (outcome.json !== undefined) {
    headers.set('content-type', 'application/json')
    log(200)
    return new Response(outcome.json, { status: 200, headers })
  }
  const recover = outcome.leaf.midStreamRecovery && input.endpoint === 'chat' ? createRecovery(input.plan.root, outcome.leaf, state) : undefined
  const body = committedStream(outcome.stream!, {
    includeUsage: state.includeUsage,
    choices: typeof input.body.n === 'number' && input.body.n > 1 ? input.body.n : 1,
    recover,
    onEnd: (end) => log(end.kind === 'error' ? end.error.status : 200, end),
    waitUntil,
  })
  headers.set('content-type', 'text/event-stream; charset=utf-8')
  headers.set('cache-control', 'no-cache')
  return new Response(body, { status: 200, headers })
}
