import type { FrameDecoder } from '../../providers/types'
/** One server-sent event: the `event:` name (if any) and the joined `data:` lines. */
export interface SseEvent {
  event?: string
  data: string
  id?: string
}

/**
 * Parses decoded text into events, per the WHATWG event-stream rules: lines end in CRLF, LF or CR;
 * `data:` lines join with LF; comment lines (`:`) are skipped; an event ends at a blank line.
 * A CR at the end of a chunk is held back, since its LF may arrive in the next chunk. Synchronous,
 * so that a stream stage can parse, translate and encode one network chunk in one step.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export class SseDecoder {
  private buffer = ''
  private data: string[] = []
  private event: string | undefined
  private id: string | undefined
  /** Where the next search for a line break starts in `buffer` (the text before it has none). */
  private searchFrom = 0

  /** Parses the next piece of text, calling `emit` for every event it completes. */
  push(text: string, emit: (event: SseEvent) => void): void {
    const buffer = this.buffer + text
    const length = buffer.length
    let start = 0
    // Line breaks are found with indexOf (native) from where the last search stopped, so a long
    // line arriving in many pieces is searched once, not once per piece.
    let position = this.searchFrom
    let lf = buffer.indexOf('\n', position)
    let cr = buffer.indexOf('\r', position)
    for (;;) {
      if (lf !== -1 && lf < position) lf = buffer.indexOf('\n', position)
      if (cr !== -1 && cr < position) cr = buffer.indexOf('\r', position)
      if (lf === -1 && cr === -1) {
        this.searchFrom = length - start
        break
      }
      if (cr === -1 || (lf !== -1 && lf < cr)) {
        this.line(buffer.slice(start, lf), emit)
        start = position = lf + 1
        continue
      }
      if (cr + 1 === length) {
        // Hold the CR: an LF may follow in the next chunk.
        this.searchFrom = cr - start
        break
      }
      this.line(buffer.slice(start, cr), emit)
      start = position = buffer.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1
    }
    this.buffer = buffer.slice(start)
  }

  /** Ends the text: a stream that stops without a final blank line still delivers its last event. */
  end(emit: (event: SseEvent) => void): void {
    let rest = this.buffer
    this.buffer = ''
    this.searchFrom = 0
    if (rest.endsWith('\r')) rest = rest.slice(0, -1)
    if (rest !== '') this.line(rest, emit)
    this.dispatch(emit)
  }

  private line(text: string, emit: (event: SseEvent) => void): void {
    if (text === '') return this.dispatch(emit)
    if (text.charCodeAt(0) === 58 /* : */) return
    const colon = text.indexOf(':')
    const field = colon === -1 ? text : text.slice(0, colon)
    let value = colon === -1 ? '' : text.slice(colon + 1)
    if (value.charCodeAt(0) === 32) value = value.slice(1)
    if (field === 'data') this.data.push(value)
    else if (field === 'event') this.event = value
    else if (field === 'id') this.id = value
  }

  private dispatch(emit: (event: SseEvent) => void): void {
    if (this.data.length > 0) {
      const out: SseEvent = { data: this.data.length === 1 ? this.data[0] : this.data.join('\n') }
      if (this.event !== undefined) out.event = this.event
      if (this.id !== undefined) out.id = this.id
      emit(out)
    }
    this.data = []
    this.event = undefined
  }
}

/** UTF-8 server-sent events as a frame decoder: bytes in, events out, synchronously. */
export class SseFrameDecoder implements FrameDecoder {
  private readonly text = new TextDecoder()
  private readonly sse = new SseDecoder()

  push(bytes: Uint8Array, emit: (event: SseEvent) => void): void {
    this.sse.push(this.text.decode(bytes, { stream: true }), emit)
  }

  end(emit: (event: SseEvent) => void): void {
    this.sse.push(this.text.decode(), emit)
    this.sse.end(emit)
  }
}

/** The text of one `data:` event carrying JSON (or a preserialised JSON string). */
export function sseDataText(payload: unknown): string {
  return `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`
}

/** The OpenAI stream terminator; recognised and emitted only through these exports. */
export const DONE_TEXT = 'data: [DONE]\n\n'
export function isDoneEvent(event: SseEvent): boolean {
  return event.data === '[DONE]'
}
