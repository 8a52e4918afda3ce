import { describe, expect, it } from 'vitest'
import { evaluateQuery, pickConditionalChild } from '../../../worker/config/conditional'
import type { LeafNode, StrategyNode } from '../../../worker/config/plan'
import { GatewayError } from '../../../worker/http/errors'

const context = {
  metadata: { user_plan: 'paid', region: 'eu', tier: '3' },
  params: { model: 'gpt-4o', max_tokens: 200, temperature: 0.2, nested: { flag: true } },
}

describe('evaluateQuery', () => {
  it.each([
    [{ 'metadata.user_plan': { $eq: 'paid' } }, true],
    [{ 'metadata.user_plan': { $eq: 'free' } }, false],
    [{ 'metadata.user_plan': 'paid' }, true],
    [{ 'metadata.user_plan': { $ne: 'free' } }, true],
    [{ 'metadata.user_plan': { $ne: 'paid' } }, false],
    [{ 'params.max_tokens': { $gt: 100 } }, true],
    [{ 'params.max_tokens': { $gt: 200 } }, false],
    [{ 'params.max_tokens': { $gte: 200 } }, true],
    [{ 'params.max_tokens': { $lt: 200 } }, false],
    [{ 'params.max_tokens': { $lte: 200 } }, true],
    [{ 'metadata.tier': { $gte: 3 } }, true],
    [{ 'params.model': { $gt: 1 } }, false],
    [{ 'params.model': { $in: ['gpt-4o', 'gpt-4o-mini'] } }, true],
    [{ 'params.model': { $in: ['claude'] } }, false],
    [{ 'params.model': { $nin: ['claude'] } }, true],
    [{ 'params.model': { $nin: ['gpt-4o'] } }, false],
    [{ 'params.model': { $regex: '^gpt-4' } }, true],
    [{ 'params.model': { $regex: '^claude' } }, false],
    [{ 'params.missing': { $regex: 'undef' } }, false],
    [{ 'params.temperature': { $gte: 0, $lt: 0.5 } }, true],
    [{ 'params.temperature': { $gte: 0, $lt: 0.1 } }, false],
    [{ 'params.nested.flag': true }, true],
    [{ 'params.missing': { $eq: 'x' } }, false],
    [{ 'metadata.user_plan': 'paid', 'metadata.region': 'us' }, false],
    [{ $or: [{ 'metadata.user_plan': 'free' }, { 'metadata.region': 'eu' }] }, true],
    [{ $or: [{ 'metadata.user_plan': 'free' }, { 'metadata.region': 'us' }] }, false],
    [{ $and: [{ 'metadata.user_plan': 'paid' }, { 'params.model': { $regex: '4o$' } }] }, true],
    [{ $and: [{ 'metadata.user_plan': 'paid' }, { 'params.model': 'x' }] }, false],
    [{ $or: [{ 'metadata.user_plan': 'paid' }], 'metadata.region': 'us' }, false],
    [{}, true],
  ])('%j holds: %s', (query, expected) => {
    expect(evaluateQuery(query as Record<string, unknown>, context)).toBe(expected)
  })

  it('does not reach into the prototype chain', () => {
    expect(evaluateQuery({ 'params.constructor': { $ne: undefined } }, context)).toBe(false)
  })

  it('refuses an unknown operator with a 400', () => {
    expect(() => evaluateQuery({ 'params.model': { $like: 'gpt' } }, context)).toThrow(GatewayError)
    expect(() => evaluateQuery({ $nor: [] }, context)).toThrow(/Unsupported condition operator/)
  })
})

function leaf(name: string): LeafNode {
  return {
    kind: 'target', path: `config.targets[${name}]`, name, provider: 'openai', keySource: 'none', options: {}, weight: 1,
    overrideParams: {}, retry: { attempts: 0, onStatusCodes: [], useRetryAfterHeader: true }, forwardHeaders: [],
    clocks: { headersMs: 1, firstTokenMs: 1, idleMs: 1 }, midStreamRecovery: false,
    breaker: { enabled: false, failureThreshold: 1, cooldownMs: 1 }, onContentPolicy: 'return',
  }
}

function router(overrides: Partial<StrategyNode>): StrategyNode {
  return {
    kind: 'strategy', path: 'config', weight: 1, mode: 'conditional',
    conditions: [
      { query: { 'metadata.user_plan': { $eq: 'free' } }, then: 'cheap' },
      { query: { 'metadata.user_plan': { $eq: 'paid' } }, then: 'smart' },
    ],
    children: [leaf('cheap'), leaf('smart'), leaf('fallback')],
    ...overrides,
  }
}

describe('pickConditionalChild', () => {
  it('picks the child the first matching condition names', () => {
    expect(pickConditionalChild(router({}), context).name).toBe('smart')
  })

  it('picks the first match when several hold', () => {
    const node = router({ conditions: [{ query: { 'metadata.region': 'eu' }, then: 'fallback' }, { query: { 'metadata.user_plan': 'paid' }, then: 'smart' }] })
    expect(pickConditionalChild(node, context).name).toBe('fallback')
  })

  it('picks the default when no condition holds', () => {
    expect(pickConditionalChild(router({ default: 'fallback' }), { metadata: {}, params: {} }).name).toBe('fallback')
  })

  it('answers 400 no_condition_matched when nothing holds and there is no default', () => {
    try {
      pickConditionalChild(router({}), { metadata: {}, params: {} })
      throw new Error('picked')
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayError)
      expect((error as GatewayError).status).toBe(400)
      expect((error as GatewayError).code).toBe('no_condition_matched')
      expect((error as GatewayError).message).toContain('No condition matched at config')
    }
  })
})
