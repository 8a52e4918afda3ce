import { describe, expect, test } from 'vitest'
import type { LeafNode, Plan } from '../../../worker/config/plan'
import { execute } from '../../../worker/executor/execute'
import { defaultDeps, type ExecutorDeps } from '../../../worker/executor/state'

const leaf = (path: string, baseUrl: string): LeafNode => ({
  kind: 'target',
  path,
  provider: 'openai',
  apiKey: 'sk-test',
  keySource: 'caller',
  baseUrl,
  options: {},
  weight: 1,
  overrideParams: {},
  retry: { attempts: 0, onStatusCodes: [429, 500, 502, 503, 504], useRetryAfterHeader: true },
  forwardHeaders: [],
  clocks: { headersMs: 60_000, firstTokenMs: 60_000, idleMs: 60_000 },
  midStreamRecovery: false,
  breaker: { enabled: false, failureThreshold: 5, cooldownMs: 30_000 },
  onContentPolicy: 'return',
})

const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }

function run(plan: Plan, fetch: typeof globalThis.fetch, clientSignal = new AbortController().signal, deps: Partial<ExecutorDeps> = {}) {
  return execute({
    endpoint: 'chat',
    body,
    plan,
    callerHeaders: new Headers(),
    clientSignal,
    traceId: 'trace-1',
    metadata: {},
    deps: { ...defaultDeps, fetch, ...deps },
  })
}

describe('cancellation', () => {
  test('a caller that goes away before the answer aborts the upstream fetch and ends the chain', async () => {
    const seen: AbortSignal[] = []
    const hangingFetch = ((_url: unknown, init: RequestInit) =>
      new Promise<Response>((_, reject) => {
        seen.push(init.signal!)
        init.signal!.addEventListener('abort', () => reject(init.signal!.reason))
      })) as typeof fetch
    const client = new AbortController()
    const plan: Plan = { root: { kind: 'strategy', path: 'config', weight: 1, mode: 'fallback', children: [leaf('config.targets[0]', 'http://a.test/v1'), leaf('config.targets[1]', 'http://b.test/v1')] } }
    const pending = run(plan, hangingFetch, client.signal)
    await new Promise((resolve) => setTimeout(resolve, 10))
    client.abort()
    const response = await pending
    expect(seen).toHaveLength(1) // the fallback was never tried for a caller that is gone
    expect(seen[0].aborted).toBe(true)
    expect(response.status).toBe(499)
  })
})

describe('retry discipline', () => {
  test('waits what Retry-After asks, through the injected clock, and never loops past the attempt budget', async () => {
    const waits: number[] = []
    let calls = 0
    const failing = (async () => {
      calls++
      return new Response(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit' } }), { status: 429, headers: { 'retry-after': '2' } })
    }) as typeof fetch
    const retrying = { ...leaf('config', 'http://a.test/v1'), retry: { attempts: 5, onStatusCodes: [429], useRetryAfterHeader: true } }
    const response = await run({ root: retrying }, failing, undefined, { sleep: async (ms) => void waits.push(ms) })
    expect(response.status).toBe(429)
    expect(calls).toBe(6)
    expect(waits).toEqual([2000, 2000, 2000, 2000, 2000])
  })

  test('a Retry-After longer than a minute is not waited for', async () => {
    let calls = 0
    const failing = (async () => {
      calls++
      return new Response('{}', { status: 503, headers: { 'retry-after': '600' } })
    }) as typeof fetch
    const retrying = { ...leaf('config', 'http://a.test/v1'), retry: { attempts: 3, onStatusCodes: [503], useRetryAfterHeader: true } }
    await run({ root: retrying }, failing, undefined, { sleep: async () => {} })
    expect(calls).toBe(1)
  })
})
