import { createHash } from 'node:crypto'
import { expect } from 'vitest'
import type { KeyRecord } from '../../../worker/auth/key-record'
import type { Gateway } from '../../helpers/gateway'

/** A Worker Secret (the stored provider key) that must never leave the gateway. */
export const CANARY = 'sk-canary-secret-9d41f7c2'

/** A gateway key as the admin API makes them (`usk_` + 40 base62 characters), from a seed. */
export function gatewayKey(seed: string): string {
  const body = createHash('sha256').update(seed).digest('base64').replace(/[^A-Za-z0-9]/g, '')
  return `usk_${(body + body).slice(0, 40)}`
}

/** KV entries for one key: its record under the hash of the key, as the admin API writes it. */
export function keyEntries(key: string, record: Partial<KeyRecord> & { id: string }): Record<string, object | string> {
  const hash = createHash('sha256').update(key).digest('hex')
  const full: KeyRecord = { prefix: key.slice(0, 12), browser: false, created_at: '2026-01-01T00:00:00Z', policy: {}, ...record }
  return { [`key:${hash}`]: full, [`keyid:${record.id}`]: hash }
}

/** The marker the admin API writes with the first key: from then on stored keys need a gateway key. */
export const KEYS_ENABLED = { 'meta:keys-enabled': '1' }

export interface Answer {
  status: number
  headers: Headers
  text: string
  json: any
}

/** Calls the gateway and keeps every answer, for the no-secret-in-any-answer check. */
export function recorder(gateway: () => Gateway) {
  const answers: Answer[] = []
  const call = async (path: string, init: RequestInit = {}): Promise<Answer> => {
    const response = await fetch(`${gateway().url}${path}`, init)
    const text = await response.text()
    let json: any
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    const answer = { status: response.status, headers: response.headers, text, json }
    answers.push(answer)
    return answer
  }
  const chat = (headers: Record<string, string>, body: Record<string, unknown> = {}) =>
    call('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], ...body }),
    })
  /** Fails when a secret appears in any answer's body or headers, or in any Worker log line. */
  const expectNoLeak = (...secrets: string[]) => {
    expect(answers.length).toBeGreaterThan(0)
    for (const secret of secrets) {
      for (const answer of answers) {
        expect(answer.text).not.toContain(secret)
        for (const [name, value] of answer.headers) expect(`${name}: ${value}`).not.toContain(secret)
      }
      for (const line of gateway().logs) expect(line).not.toContain(secret)
    }
  }
  return { answers, call, chat, expectNoLeak }
}
