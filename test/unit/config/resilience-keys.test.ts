import { describe, expect, it } from 'vitest'
import type { LeafNode, StrategyNode } from '../../../worker/config/plan'
import { validateConfig } from '../../../worker/config/validate-config'
import { resolve } from './resolve-helpers'

const config = (value: object) => ({ 'x-portkey-config': JSON.stringify(value) })

describe('resilience keys in configs', () => {
  it('inherits timeouts, breaker and recovery settings down the tree; the child wins per key', async () => {
    const plan = await resolve(config({
      timeouts: { headers_ms: 1000, idle_ms: 2000, total_ms: 9000 },
      circuit_breaker: { failure_threshold: 2 },
      strategy: { mode: 'fallback' },
      hedge: { after_ms: 250 },
      targets: [
        { provider: 'openai', api_key: 'a', timeouts: { idle_ms: 500 }, context_window: 128000 },
        { provider: 'anthropic', api_key: 'b', mid_stream_recovery: false, on_content_policy: 'fallback', circuitBreaker: { enabled: false } },
      ],
    }))
    const root = plan.root as StrategyNode
    const [first, second] = root.children as LeafNode[]
    expect(plan.totalTimeoutMs).toBe(9000)
    expect(root.hedgeAfterMs).toBe(250)
    expect(first.clocks).toEqual({ headersMs: 1000, firstTokenMs: 300_000, idleMs: 500 })
    expect(first.breaker).toEqual({ enabled: true, failureThreshold: 2, cooldownMs: 30_000 })
    expect(first.midStreamRecovery).toBe(true)
    expect(first.contextWindow).toBe(128000)
    expect(second.breaker.enabled).toBe(false)
    expect(second.midStreamRecovery).toBe(false)
    expect(second.onContentPolicy).toBe('fallback')
  })

  it('uses the streaming clocks for a streaming request', async () => {
    const plan = await resolve(config({ provider: 'openai', api_key: 'a' }), {}, { stream: true })
    expect((plan.root as LeafNode).clocks).toEqual({ headersMs: 60_000, firstTokenMs: 120_000, idleMs: 60_000 })
  })

  it('reports bad values and unknown keys with their paths', () => {
    const result = validateConfig({ timeouts: { idle: 5 }, hedge: { after_ms: 0 }, on_content_policy: 'ignore', provider: 'openai' })
    expect(result.ok).toBe(false)
    const text = result.ok ? '' : result.issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n')
    expect(text).toMatch(/config\.timeouts\.idle: unknown key 'idle'.*idle_ms/)
    expect(text).toMatch(/config\.hedge\.after_ms: must be at least 1/)
    expect(text).toMatch(/config\.on_content_policy: expected 'return' or 'fallback'/)
  })
})
