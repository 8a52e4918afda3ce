import { describe, expect, it } from 'vitest'
import { FOUND_TTL_MS, MISSING_TTL_MS, readMemoised } from '../../../worker/config/kv-memo'
import { fakeKv, manualClock } from './fake-kv'
import { asLeaf, failure, resolve } from './resolve-helpers'

describe('saved configs', () => {
  it('loads config:<id> from the CONFIGS binding', async () => {
    const kv = fakeKv({ 'config:pc-abc.1': { provider: 'openai', api_key: 'sk' } })
    const plan = await resolve({ 'x-portkey-config': 'pc-abc.1' }, { CONFIGS: kv })
    expect(plan.configId).toBe('pc-abc.1')
    expect(asLeaf(plan.root).apiKey).toBe('sk')
    expect(kv.reads).toEqual(['config:pc-abc.1'])
  })

  it('answers 400 config_not_found for a missing id, or without a store', async () => {
    expect(await failure({ 'x-portkey-config': 'pc-none' }, { CONFIGS: fakeKv() })).toMatchObject({ status: 400, code: 'config_not_found', param: 'x-portkey-config' })
    expect((await failure({ 'x-portkey-config': 'pc-none' }, {})).code).toBe('config_not_found')
  })

  it('answers 400 for an id that is not one', async () => {
    const kv = fakeKv()
    const error = await failure({ 'x-portkey-config': 'pc/../../x' }, { CONFIGS: kv })
    expect(error).toMatchObject({ status: 400, code: 'invalid_config' })
    expect(kv.reads).toEqual([])
  })

  it('answers 400 naming a saved config that fails validation', async () => {
    const kv = fakeKv({ 'config:pc-bad': { retry: { attempts: 9 } }, 'config:pc-text': 'not json' })
    const invalid = await failure({ 'x-portkey-config': 'pc-bad' }, { CONFIGS: kv })
    expect(invalid).toMatchObject({ status: 400, code: 'invalid_saved_config' })
    expect(invalid.message).toBe("Saved config 'pc-bad' is invalid: config.retry.attempts: must be at most 5")
    expect((await failure({ 'x-portkey-config': 'pc-text' }, { CONFIGS: kv })).message).toContain("'pc-text' is not valid JSON")
  })
})

describe('readMemoised', () => {
  it('reuses a found entry for 30 s, then reads again', async () => {
    const kv = fakeKv({ a: '1' })
    const clock = manualClock()
    const parse = (text: string) => Number(text)
    expect(await readMemoised(kv, 'a', parse, clock.now)).toBe(1)
    kv.entries.a = '2'
    clock.advance(FOUND_TTL_MS - 1)
    expect(await readMemoised(kv, 'a', parse, clock.now)).toBe(1)
    clock.advance(1)
    expect(await readMemoised(kv, 'a', parse, clock.now)).toBe(2)
    expect(kv.reads).toEqual(['a', 'a'])
  })

  it('remembers a missing entry for 5 s only', async () => {
    const kv = fakeKv()
    const clock = manualClock()
    expect(await readMemoised(kv, 'b', String, clock.now)).toBeUndefined()
    kv.entries.b = 'now here'
    clock.advance(MISSING_TTL_MS - 1)
    expect(await readMemoised(kv, 'b', String, clock.now)).toBeUndefined()
    clock.advance(1)
    expect(await readMemoised(kv, 'b', String, clock.now)).toBe('now here')
    expect(kv.reads).toEqual(['b', 'b'])
  })

  it('never hands one request the read another request has in flight, and keeps namespaces apart', async () => {
    const first = fakeKv({ c: 'one' })
    const second = fakeKv({ c: 'two' })
    const clock = manualClock()
    const results = await Promise.all([readMemoised(first, 'c', String, clock.now), readMemoised(first, 'c', String, clock.now), readMemoised(second, 'c', String, clock.now)])
    expect(results).toEqual(['one', 'one', 'two'])
    // Each cold request read KV itself (workerd cancels a request awaiting another's I/O) ...
    expect(first.reads).toEqual(['c', 'c'])
    // ... and the settled value is shared from then on.
    expect(await readMemoised(first, 'c', String, clock.now)).toBe('one')
    expect(first.reads).toEqual(['c', 'c'])
  })

  it('does not remember a failed read, and reports it as a 503', async () => {
    let fail = true
    const kv = {
      async get() {
        if (fail) throw new Error('KV down')
        return 'ok'
      },
    }
    const clock = manualClock()
    await expect(readMemoised(kv, 'd', String, clock.now)).rejects.toMatchObject({ status: 503, code: 'config_store_unavailable' })
    fail = false
    expect(await readMemoised(kv, 'd', String, clock.now)).toBe('ok')
  })

  it('memoises saved configs through resolvePlan with the injected clock', async () => {
    const kv = fakeKv({ 'config:pc-m': { provider: 'openai' } })
    const clock = manualClock()
    await resolve({ 'x-portkey-config': 'pc-m' }, { CONFIGS: kv }, {}, clock.now)
    kv.entries['config:pc-m'] = { provider: 'groq' }
    expect(asLeaf((await resolve({ 'x-portkey-config': 'pc-m' }, { CONFIGS: kv }, {}, clock.now)).root).provider).toBe('openai')
    clock.advance(FOUND_TTL_MS)
    expect(asLeaf((await resolve({ 'x-portkey-config': 'pc-m' }, { CONFIGS: kv }, {}, clock.now)).root).provider).toBe('groq')
  })
})
