import type { Env } from '../../../worker/platform/env'

/** A KV namespace stand-in: `get(key, 'text' | 'json')` over a plain object, counting reads. */
export function fakeKv(entries: Record<string, unknown> = {}) {
  const reads: string[] = []
  const kv = {
    entries,
    reads,
    async get(key: string, type: 'text' | 'json' = 'text'): Promise<unknown> {
      reads.push(key)
      const value = entries[key]
      if (value === undefined) return null
      const text = typeof value === 'string' ? value : JSON.stringify(value)
      return type === 'json' ? JSON.parse(text) : text
    },
  }
  return kv as typeof kv & NonNullable<Env['CONFIGS']>
}

/** A clock the test moves by hand. */
export function manualClock(start = 1_000_000) {
  let time = start
  return { now: () => time, advance: (ms: number) => void (time += ms) }
}
