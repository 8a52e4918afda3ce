import type { Endpoint, OpenAIBody } from '../../providers/types'
import type { Plan } from '../config/plan'
import { renderError } from '../http/errors'
import { setTraceHeaders } from '../http/trace-headers'
import { walkPlan } from './walk-plan'
import { DEFAULT_TOTAL_TIMEOUT_MS, MAX_ATTEMPTS_PER_REQUEST, defaultDeps, type ExecutorDeps, type RunState } from './state'
import type { StreamEnd } from './stream-output'
import { Trace } from './trace'

export interface ExecuteInput {
  endpoint: Endpoint
  body: OpenAIBody
  plan: Plan
  callerHeaders: Headers
  clientSignal: AbortSignal
  traceId: string
  metadata: Record<string, unknown>
  deps?: ExecutorDeps
}

/** Runs a request through its plan and renders the answer, or the one error envelope, with trace headers. */
export async function execute(input: ExecuteInput): Promise<Response> {
  const deps = input.deps ?? defaultDeps
  const startedAt = deps.now()
  const trace = new Trace(input.traceId, startedAt)
  const stream = input.body.stream === true
  const streamOptions = input.body.stream_options as { include_usage?: unknown } | undefined
  const state: RunState = {
    endpoint: input.endpoint,
    body: input.body,
    stream,
    includeUsage: stream && streamOptions?.include_usage === true,
    callerHeaders: input.callerHeaders,
    clientSignal: input.clientSignal,
    deadline: startedAt + DEFAULT_TOTAL_TIMEOUT_MS,
    attemptsLeft: MAX_ATTEMPTS_PER_REQUEST,
    conditionContext: { metadata: input.metadata, params: input.body },
    created: Math.floor(startedAt / 1000),
    trace,
    deps,
  }
  const logEnd = (status: number, end?: StreamEnd) =>
    trace.log({ endpoint: input.endpoint, config: input.plan.configId, status, stream, end: end?.kind, duration_ms: deps.now() - startedAt })

  const outcome = await walkPlan(input.plan.root, state, (end) => logEnd(end.kind === 'error' ? end.error.status : 200, end))
  if (!outcome.ok) {
    const error = outcome.error
    if (trace.attempts.length > 0) error.attempts = trace.summaries()
    logEnd(error.status)
    return renderError(error, setTraceHeaders(new Headers(), { traceId: input.traceId }))
  }
  const headers = setTraceHeaders(new Headers(), {
    traceId: input.traceId,
    provider: outcome.leaf.provider,
    targetPath: outcome.leaf.path,
    retries: outcome.retries,
  })
  if (typeof outcome.body === 'string') {
    headers.set('content-type', 'application/json')
    logEnd(200)
    return new Response(outcome.body, { status: 200, headers })
  }
  headers.set('content-type', 'text/event-stream; charset=utf-8')
  headers.set('cache-control', 'no-cache')
  return new Response(outcome.body, { status: 200, headers })
}
