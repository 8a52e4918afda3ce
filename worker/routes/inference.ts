import * as v from 'valibot'
import type { Endpoint, OpenAIBody } from '../../providers/types'
import { admitRequest, identifyCaller, keyLogFields, withKeyMetadata } from '../auth/admit'
import { takeRateLimit } from '../auth/rate-limit'
import { checkHeaderSizes, checkParallelism } from '../auth/request-limits'
import { readPortkeyHeaders } from '../config/read-portkey-headers'
import { splitLegacyBody } from '../config/legacy'
import { execute, type LogRequests } from '../executor/execute'
import { badRequest, renderError } from '../http/errors'
import { describeIssues } from '../http/describe-issues'
import { DEFAULT_MAX_BODY_BYTES, readJsonBody } from '../http/read-json-body'
import { setTraceHeaders } from '../http/trace-headers'
import type { Env } from '../platform/env'
import { bodySchemas } from './body-schemas'

/**
 * Serves one OpenAI endpoint: identify the caller (gateway key, origin), read and check the body,
 * resolve the plan from headers, saved config or legacy body config as the caller may have it,
 * count it against the key's rate limits, and run it. Every failure before the executor is a 4xx here.
 */
export async function handleInference(endpoint: Endpoint, request: Request, env: Env, ctx?: ExecutionContext): Promise<Response> {
  const portkey = readPortkeyHeadersSafely(request.headers)
  const traceId = portkey.ok ? (portkey.value.traceId ?? crypto.randomUUID()) : crypto.randomUUID()
  try {
    checkHeaderSizes(request.headers)
    if (!portkey.ok) throw portkey.error
    const caller = await identifyCaller(request.headers, env)
    let body: OpenAIBody = {}
    let bodyConfig: unknown
    if (request.method === 'POST') {
      const split = splitLegacyBody(await readJsonBody(request, maxBodyBytes(env)))
      body = split.body as OpenAIBody
      bodyConfig = split.config
      const schema = bodySchemas[endpoint]
      if (schema) {
        const checked = v.safeParse(schema, body)
        if (!checked.success) throw badRequest(`Invalid request body: ${describeIssues(checked.issues)}`, firstPath(checked.issues), 'invalid_body')
      }
    } else {
      const model = (request as Request & { params?: Record<string, string> }).params?.model
      if (model) body = { model: decodeURIComponent(model) }
    }
    checkParallelism(endpoint, body)
    const { plan, headers } = await admitRequest(caller, { headers: request.headers, bodyConfig, bodyModel: body.model, stream: body.stream === true }, endpoint, env)
    const meter = await takeRateLimit(caller.record, endpoint, body, env)
    const response = await execute({
      endpoint,
      body,
      plan,
      callerHeaders: headers,
      clientSignal: request.signal,
      traceId,
      metadata: withKeyMetadata(caller.record, portkey.value.metadata),
      waitUntil: ctx ? (promise) => ctx.waitUntil(promise) : undefined,
      breakerNamespace: env.BREAKER_STATE,
      logFields: keyLogFields(caller.record),
      logRequests: logRequests(env),
    })
    return meter ? await meter.settle(response, ctx && ((promise) => ctx.waitUntil(promise))) : response
  } catch (thrown) {
    return renderError(thrown, setTraceHeaders(new Headers(), { traceId }))
  }
}

function readPortkeyHeadersSafely(headers: Headers) {
  try {
    return { ok: true as const, value: readPortkeyHeaders(headers) }
  } catch (error) {
    return { ok: false as const, error }
  }
}

function firstPath(issues: readonly v.BaseIssue<unknown>[]): string | null {
  const path = issues[0]?.path
  return path?.length ? String(path[0].key) : null
}

function logRequests(env: Env): LogRequests {
  const setting = env.LOG_REQUESTS
  return setting === 'errors' || setting === 'none' ? setting : 'all'
}

function maxBodyBytes(env: Env): number {
  const configured = Number(env.MAX_BODY_BYTES)
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_MAX_BODY_BYTES
}
