/** One server-sent event: the `event:` name (if any) and the joined `data:` lines. */
export interface SseEvent {
  event?: string
  data: string
  id?: string
}

const encoder = new TextEncoder()

/**
 * Parses decoded text into events, per the WHATWG event-stream rules: lines end in CRLF, LF or CR;
 * `data:` lines join with LF; comment lines (`:`) are skipped; an event ends at a blank line.
 * A CR at the end of a chunk is held back, since its LF may arrive in the next chunk.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export function createSseParser(): TransformStream<string, SseEvent> {
  let buffer = ''
  let data: string[] = []
  let event: string | undefined
  let id: string | undefined

  const dispatch = (controller: TransformStreamDefaultController<SseEvent>) => {
    if (data.length > 0) {
      const out: SseEvent = { data: data.length === 1 ? data[0] : data.join('\n') }
      if (event !== undefined) out.event = event
      if (id !== undefined) out.id = id
      controller.enqueue(out)
    }
    data = []
    event = undefined
  }

  const line = (text: string, controller: TransformStreamDefaultController<SseEvent>) => {
    if (text === '') return dispatch(controller)
    if (text.charCodeAt(0) === 58 /* : */) return
    const colon = text.indexOf(':')
    const field = colon === -1 ? text : text.slice(0, colon)
    let value = colon === -1 ? '' : text.slice(colon + 1)
    if (value.charCodeAt(0) === 32) value = value.slice(1)
    if (field === 'data') data.push(value)
    else if (field === 'event') event = value
    else if (field === 'id') id = value
  }

  return new TransformStream<string, SseEvent>({
    transform(chunk, controller) {
      buffer += chunk
      let start = 0
      const length = buffer.length
      for (let i = 0; i < length; i++) {
        const code = buffer.charCodeAt(i)
        if (code === 10) {
          line(buffer.slice(start, i), controller)
          start = i + 1
        } else if (code === 13) {
          if (i + 1 === length) break // hold the CR: an LF may follow in the next chunk
          line(buffer.slice(start, i), controller)
          if (buffer.charCodeAt(i + 1) === 10) i++
          start = i + 1
        }
      }
      buffer = buffer.slice(start)
    },
    flush(controller) {
      // A stream that ends without a final blank line still delivers its last event.
      if (buffer.endsWith('\r')) buffer = buffer.slice(0, -1)
      if (buffer !== '') line(buffer, controller)
      dispatch(controller)
    },
  })
}

/** A UTF-8 decoding stage typed as the transform it is (the DOM and Workers typings disagree). */
export function textDecoderStream(): TransformStream<Uint8Array, string> {
  return new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>
}

/** Parses an SSE body into events. */
export function parseSseBody(body: ReadableStream<Uint8Array>): ReadableStream<SseEvent> {
  return body.pipeThrough(textDecoderStream()).pipeThrough(createSseParser())
}

/** Encodes one `data:` event carrying JSON (or a preserialised JSON string). */
export function encodeSseData(payload: unknown): Uint8Array {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload)
  return encoder.encode(`data: ${text}\n\n`)
}

/** The OpenAI stream terminator; recognised and emitted only through these two exports. */
export const DONE_EVENT = encoder.encode('data: [DONE]\n\n')
export function isDoneEvent(event: SseEvent): boolean {
  return event.data === '[DONE]'
}
