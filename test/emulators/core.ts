import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** A request as the emulator received it. */
export interface RecordedRequest {
  method: string
  /** Path and query, e.g. `/v1/chat/completions?api-version=2024-10-21`. */
  url: string
  headers: http.IncomingHttpHeaders
  /** Raw body bytes (multipart and binary bodies stay intact). */
  raw: Buffer
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any
  /** Set when the client closed the connection before the answer was complete (an abort). */
  closedEarly?: boolean
}

/** What a wire-format handler answers; the core applies faults on top. */
export type EmulatorAnswer =
  | { status?: number; headers?: Record<string, string>; json: unknown }
  | { status?: number; headers?: Record<string, string>; bytes: Uint8Array | string }
  /** Stream: each entry is one already-framed event (SSE text, NDJSON line or binary frame). */
  | { status?: number; headers?: Record<string, string>; events: Array<string | Uint8Array>; terminator?: string | Uint8Array }

/** Faults to inject into one answer. Unset fields leave the normal behaviour alone. */
export interface Fault {
  /** Answer with this status (and `body`, JSON or text) instead of the normal answer. */
  status?: number
  body?: unknown
  headers?: Record<string, string>
  /** Destroy the connection before any header is sent. */
  reset?: boolean
  /** Never answer; the connection stays open until the client gives up. */
  hang?: boolean
  /** Wait this long before sending headers. */
  delayHeadersMs?: number
  /** Stream: wait this long before the first event. */
  delayFirstEventMs?: number
  /** Stream: wait this long between events. */
  delayBetweenEventsMs?: number
  /** Stream: after this many events, send nothing more but keep the connection open. */
  stallAfterEvents?: number
  /** Stream: after this many events, destroy the connection. */
  cutAfterEvents?: number
  /** Stream: replace the event at this index with bytes that are not valid for the format. */
  malformedEventAt?: number
  malformedEvent?: string | Uint8Array
  /** Stream: end without the format's terminator (OpenAI `[DONE]`). */
  omitTerminator?: boolean
  /** Replace the normal answer with this one (e.g. an error event inside a 200 stream). */
  answer?: EmulatorAnswer
}

export type Handler = (request: RecordedRequest) => EmulatorAnswer | Promise<EmulatorAnswer>

export interface Emulator {
  /** `http://127.0.0.1:<port>` */
  url: string
  requests: RecordedRequest[]
  /** Faults used by the next requests, one each, in order. */
  enqueue(...faults: Fault[]): void
  /** A fault applied to every request while the queue is empty (undefined clears it). */
  setDefaultFault(fault: Fault | undefined): void
  reset(): void
  close(): Promise<void>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Starts an emulator on 127.0.0.1 with an ephemeral port. */
export async function startEmulator(handler: Handler): Promise<Emulator> {
  const queue: Fault[] = []
  let defaultFault: Fault | undefined
  const requests: RecordedRequest[] = []
  const sockets = new Set<Socket>()

  const server = http.createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = []
    for await (const chunk of incoming) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks)
    let json: unknown
    try {
      json = raw.length ? JSON.parse(raw.toString('utf8')) : undefined
    } catch {
      json = undefined
    }
    const request: RecordedRequest = { method: incoming.method ?? 'GET', url: incoming.url ?? '/', headers: incoming.headers, raw, json }
    requests.push(request)
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) request.closedEarly = true
    })
    const fault = queue.shift() ?? defaultFault ?? {}
    try {
      await answer(fault, request, outgoing)
    } catch {
      outgoing.destroy()
    }
  })

  async function answer(fault: Fault, request: RecordedRequest, outgoing: http.ServerResponse) {
    if (fault.hang) return
    if (fault.reset) return void outgoing.socket?.destroy()
    if (fault.delayHeadersMs) await sleep(fault.delayHeadersMs)
    if (fault.status !== undefined) {
      const isText = typeof fault.body === 'string'
      outgoing.writeHead(fault.status, { 'content-type': isText ? 'text/plain' : 'application/json', ...fault.headers })
      return void outgoing.end(isText ? (fault.body as string) : JSON.stringify(fault.body ?? {}))
    }
    const result = fault.answer ?? (await handler(request))
    const headers = { ...result.headers, ...fault.headers }
    if ('json' in result) {
      outgoing.writeHead(result.status ?? 200, { 'content-type': 'application/json', ...headers })
      return void outgoing.end(JSON.stringify(result.json))
    }
    if ('bytes' in result) {
      outgoing.writeHead(result.status ?? 200, headers)
      return void outgoing.end(result.bytes)
    }
    outgoing.writeHead(result.status ?? 200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers })
    outgoing.flushHeaders()
    for (let index = 0; index < result.events.length; index++) {
      if (index === 0 && fault.delayFirstEventMs) await sleep(fault.delayFirstEventMs)
      else if (index > 0 && fault.delayBetweenEventsMs) await sleep(fault.delayBetweenEventsMs)
      if (fault.stallAfterEvents === index) return // keep the socket open, send nothing more
      if (fault.cutAfterEvents === index) return void outgoing.socket?.destroy()
      const event = fault.malformedEventAt === index ? (fault.malformedEvent ?? 'data: {"choices": [{"delta": \n\n') : result.events[index]
      outgoing.write(event)
    }
    if (!fault.omitTerminator && result.terminator !== undefined) outgoing.write(result.terminator)
    outgoing.end()
  }

  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...faults) => void queue.push(...faults),
    setDefaultFault: (fault) => void (defaultFault = fault),
    reset() {
      queue.length = 0
      requests.length = 0
      defaultFault = undefined
    },
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
