import { describe, expect, test } from 'vitest'
import { BreakerBoard } from '../../../worker/executor/breaker'
import { classifyError, countsAgainstTarget, repeatsOnSameTarget } from '../../../worker/executor/error-class'
import { GatewayError } from '../../../worker/http/errors'

const settings = { enabled: true, failureThreshold: 3, cooldownMs: 1_000 }

describe('circuit breaker', () => {
  test('opens after the threshold of consecutive failures, then lets one probe through after the cool-down', () => {
    const board = new BreakerBoard()
    expect(board.failure('a', settings, 0)).toBeUndefined()
    expect(board.failure('a', settings, 1)).toBeUndefined()
    expect(board.failure('a', settings, 2)).toEqual({ key: 'a', openUntil: 1_002 })
    expect(board.check('a', settings, 500)).toBe('open')
    expect(board.check('a', settings, 1_002)).toBe('probe')
    expect(board.check('a', settings, 1_003)).toBe('open') // one probe at a time
    expect(board.success('a')).toEqual({ key: 'a', openUntil: 0 })
    expect(board.check('a', settings, 1_004)).toBe('closed')
  })

  test('a failed probe opens it for another cool-down; a success in between resets the count', () => {
    const board = new BreakerBoard()
    board.failure('a', settings, 0)
    board.failure('a', settings, 0)
    board.success('a')
    expect(board.failure('a', settings, 0)).toBeUndefined()
    board.failure('a', settings, 0)
    board.failure('a', settings, 0)
    expect(board.check('a', settings, 1_000)).toBe('probe')
    expect(board.failure('a', settings, 1_000)).toEqual({ key: 'a', openUntil: 2_000 })
    expect(board.check('a', settings, 1_500)).toBe('open')
  })

  test('a probe that never reports does not keep the breaker shut forever', () => {
    const board = new BreakerBoard()
    for (let i = 0; i < 3; i++) board.failure('a', settings, 0)
    expect(board.check('a', settings, 1_000)).toBe('probe')
    expect(board.check('a', settings, 2_500)).toBe('probe')
  })

  test('merges breakers opened and closed by other isolates', () => {
    const board = new BreakerBoard()
    board.merge([{ key: 'a', openUntil: 5_000 }], 0)
    expect(board.check('a', settings, 100)).toBe('open')
    board.merge([{ key: 'a', openUntil: 0 }], 200)
    expect(board.check('a', settings, 300)).toBe('closed')
  })
})

describe('error classes', () => {
  test('only failures that say the target is unwell count against it; only those that would repeat are not retried', () => {
    const cases: Array<[GatewayError, string, boolean, boolean]> = [
      [new GatewayError(400, 'too long', { code: 'context_length_exceeded' }), 'context_length', true, false],
      [new GatewayError(400, 'blocked', { code: 'content_policy_violation' }), 'content_policy', true, false],
      [new GatewayError(400, 'bad'), 'invalid_request', true, false],
      [new GatewayError(401, 'key'), 'auth', true, false],
      [new GatewayError(429, 'slow'), 'rate_limit', false, true],
      [new GatewayError(503, 'down'), 'server', false, true],
      [new GatewayError(504, 'stall', { code: 'idle_timeout' }), 'timeout', false, true],
      [new GatewayError(502, 'reset', { code: 'upstream_unreachable' }), 'network', false, true],
      [new GatewayError(499, 'gone'), 'cancelled', false, false],
    ]
    for (const [error, kind, repeats, counts] of cases) {
      expect(classifyError(error)).toBe(kind)
      expect(repeatsOnSameTarget(classifyError(error))).toBe(repeats)
      expect(countsAgainstTarget(classifyError(error))).toBe(counts)
    }
  })
})
