import { describe, expect, test } from 'vitest'
import { AttemptSignal, clockError } from '../../../worker/executor/attempt-signal'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const aborted = (attempt: AttemptSignal) => new Promise<string | null | undefined>((resolve) => attempt.signal.addEventListener('abort', () => resolve(attempt.reason()?.code)))

describe('attempt clocks on one timer', () => {
  test('the earliest clock fires with its own error, whatever order they were armed in', async () => {
    const attempt = new AttemptSignal(new AbortController().signal)
    attempt.arm('deadline', 5_000, () => clockError('deadline_exceeded', 5_000))
    attempt.arm('headers', 20, () => clockError('headers_timeout', 20))
    expect(await aborted(attempt)).toBe('headers_timeout')
  })

  test('a disarmed clock never fires; the next one due still does', async () => {
    const attempt = new AttemptSignal(new AbortController().signal)
    attempt.arm('headers', 10, () => clockError('headers_timeout', 10))
    attempt.arm('first-token', 60, () => clockError('first_token_timeout', 60))
    attempt.disarm('headers')
    expect(await aborted(attempt)).toBe('first_token_timeout')
  })

  test('an idle clock that is touched stays quiet, and fires once the touches stop', async () => {
    const attempt = new AttemptSignal(new AbortController().signal)
    const idle = attempt.watch('idle', 40, () => clockError('idle_timeout', 40))
    for (let touches = 0; touches < 5; touches++) {
      await sleep(15)
      idle.touch()
    }
    expect(attempt.signal.aborted).toBe(false)
    expect(await aborted(attempt)).toBe('idle_timeout')
  })

  test('dispose stops every clock; the caller going away aborts as cancelled', async () => {
    const quiet = new AttemptSignal(new AbortController().signal)
    quiet.arm('headers', 5, () => clockError('headers_timeout', 5))
    quiet.dispose()
    await sleep(20)
    expect(quiet.signal.aborted).toBe(false)
    const caller = new AbortController()
    const attempt = new AttemptSignal(caller.signal)
    attempt.arm('headers', 5_000, () => clockError('headers_timeout', 5_000))
    caller.abort()
    expect(attempt.reason()?.status).toBe(499)
  })
})
