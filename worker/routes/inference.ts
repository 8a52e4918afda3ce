import * as v from 'valibot'
import type { Endpoint, OpenAIBody } from '../../providers/types'
import { readPortkeyHeaders } from '../config/read-portkey-headers'
import { resolvePlan } from '../config/resolve-plan'
import { splitLegacyBody } from '../config/legacy'
import { execute } from '../executor/execute'
import { badRequest, renderError } from '../http/errors'
import { describeIssues } from '../http/describe-issues'
import { DEFAULT_MAX_BODY_BYTES, readJsonBody } from '../http/read-json-body'
import { setTraceHeaders } from '../http/trace-headers'
import type { Env } from '../platform/env'
import { bodySchemas } from './body-schemas'

/**
 * Serves one OpenAI endpoint: read and check the body, resolve the plan from headers, saved
 * config or legacy body config, and run it. Every failure before the executor is a 4xx here.
 */
export async function handleInference(endpoint: Endpoint, request: Request, env: Env): Promise<Response> {
  const portkey = readPortkeyHeadersSafely(request.headers)
  const traceId = portkey.ok ? (portkey.value.traceId ?? crypto.randomUUID()) : crypto.randomUUID()
  try {
    if (!portkey.ok) throw portkey.error
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
    const plan = await resolvePlan({ headers: request.headers, bodyConfig, bodyModel: body.model }, env)
    return await execute({
      endpoint,
      body,
      plan,
      callerHeaders: request.headers,
      clientSignal: request.signal,
      traceId,
      metadata: portkey.value.metadata ?? {},
    })
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

function maxBodyBytes(env: Env): number {
  const configured = Number(env.MAX_BODY_BYTES)
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_MAX_BODY_BYTES
}
