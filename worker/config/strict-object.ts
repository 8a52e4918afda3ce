import * as v from 'valibot'
import { suggestionSuffix } from './did-you-mean'

/**
 * A looseObject that reports every unknown key, each with a did-you-mean (valibot's strictObject
 * stops at the first), and says "is required" for a missing key.
 */
export function strictObject<TEntries extends v.ObjectEntries>(entries: TEntries) {
  const known = Object.keys(entries)
  return v.pipe(
    v.looseObject(entries, (issue) => (issue.expected?.startsWith('"') ? 'is required' : `expected an object, received ${issue.received}`)),
    v.rawCheck(({ dataset, addIssue }) => {
      const input = dataset.value
      if (input === null || typeof input !== 'object') return
      for (const [key, value] of Object.entries(input)) {
        if (known.includes(key)) continue
        addIssue({
          message: `unknown key '${key}'${suggestionSuffix(key, known)}`,
          path: [{ type: 'object', origin: 'key', input: input as Record<string, unknown>, key, value }],
        })
      }
    }),
  )
}
