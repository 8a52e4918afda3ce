import { describe, expect, test } from 'vitest'
import { sameSecret } from '../../../worker/routes/admin/admin-auth'
import { KEY_ID_PATTERN, generateGatewayKey, generateKeyId } from '../../../worker/routes/admin/gateway-key'

/** A random source that hands out the given bytes in order, then repeats them. */
function scripted(bytes: number[]) {
  let next = 0
  return (buffer: Uint8Array) => {
    for (let index = 0; index < buffer.length; index++) buffer[index] = bytes[next++ % bytes.length]
    return buffer
  }
}

describe('generateGatewayKey', () => {
  test('is usk_ followed by 40 base62 characters', () => {
    expect(generateGatewayKey()).toMatch(/^usk_[0-9A-Za-z]{40}$/)
  })

  test('redraws bytes of 248 and above so that no character is favoured', () => {
    // 248..255 would map onto 0..7 a fifth time: they must be skipped, not folded.
    const key = generateGatewayKey(scripted([248, 255, 0, 61, 62, 247]))
    expect(key.slice(4, 8)).toBe('0z0z')
    expect(key).not.toContain('1')
  })

  test('every byte below 248 maps to each of the 62 characters exactly four times', () => {
    const counts = new Map<string, number>()
    for (let start = 0; start < 248; start += 40) {
      const bytes = Array.from({ length: 40 }, (_, offset) => (start + offset) % 248)
      for (const character of generateGatewayKey(scripted(bytes)).slice(4, 4 + Math.min(40, 248 - start))) {
        counts.set(character, (counts.get(character) ?? 0) + 1)
      }
    }
    expect(counts.size).toBe(62)
    expect(new Set(counts.values())).toEqual(new Set([4]))
  })
})

test('key ids match the pattern the admin routes accept', () => {
  expect(generateKeyId()).toMatch(KEY_ID_PATTERN)
})

test('sameSecret accepts only the identical string, whatever the lengths', async () => {
  expect(await sameSecret('admin-token-0123456789', 'admin-token-0123456789')).toBe(true)
  expect(await sameSecret('admin-token-0123456789', 'admin-token-012345678')).toBe(false)
  expect(await sameSecret('admin-token-0123456789', 'admin-token-0123456780')).toBe(false)
  expect(await sameSecret('', 'x')).toBe(false)
})
