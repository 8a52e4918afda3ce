import type { DurableObjectState } from '@cloudflare/workers-types'

/** How long a closed breaker is still reported, so that every isolate hears of the recovery. */
const CLOSED_NEWS_MS = 120_000

interface Record {
  openUntil: number
  /** Epoch ms of the last report. */
  at: number
}

/**
 * Durable Object holding the circuit breakers every isolate shares: isolates report the breakers
 * they open and close, and read the current set every few seconds (off the request path).
 * Bind it as BREAKER_STATE; without the binding each isolate keeps its own breakers.
 */
export class BreakerState {
  private readonly records = new Map<string, Record>()
  private loaded: Promise<void> | undefined

  constructor(private readonly state: DurableObjectState) {}

  async fetch(request: Request): Promise<Response> {
    await (this.loaded ??= this.load())
    const now = Date.now()
    if (request.method === 'POST') {
      const report = (await request.json()) as { key?: unknown; openUntil?: unknown }
      if (typeof report.key !== 'string' || typeof report.openUntil !== 'number') return new Response('bad report', { status: 400 })
      const record = { openUntil: report.openUntil, at: now }
      this.records.set(report.key, record)
      await this.state.storage.put(report.key, record)
      return new Response(null, { status: 204 })
    }
    const breakers: Array<{ key: string; openUntil: number }> = []
    for (const [key, record] of this.records) {
      if (record.openUntil > now) breakers.push({ key, openUntil: record.openUntil })
      else if (record.openUntil === 0 && now - record.at < CLOSED_NEWS_MS) breakers.push({ key, openUntil: 0 })
      else {
        this.records.delete(key)
        await this.state.storage.delete(key)
      }
    }
    return Response.json({ breakers })
  }

  private async load(): Promise<void> {
    const stored = await this.state.storage.list<Record>()
    for (const [key, record] of stored) this.records.set(key, record)
  }
}
