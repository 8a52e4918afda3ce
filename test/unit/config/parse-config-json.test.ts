import { describe, expect, it } from 'vitest'
import { parseConfigJson } from '../../../worker/config/parse-config-json'

describe('parseConfigJson', () => {
  it('accepts trailing commas before } and ], as hand-written configs have them', () => {
    expect(parseConfigJson('{ "a": [1, 2, ], "b": { "c": 1, }, }')).toEqual({ ok: true, value: { a: [1, 2], b: { c: 1 } } })
  })

  it('leaves commas inside strings alone', () => {
    expect(parseConfigJson('{ "a": ", }", "b": "x\\", ]", }')).toEqual({ ok: true, value: { a: ', }', b: 'x", ]' } })
  })

  it('still refuses what is not JSON, with the parser message of the text as written', () => {
    const result = parseConfigJson("{ mode: 'fallback', }")
    expect(result.ok).toBe(false)
  })
})
