import type { Endpoint } from '../../providers/types'

/**
 * Adds the rate-limit headers to an answer and, when `report` is given, reports the tokens it
 * used: an error answer used none; a JSON answer its `usage.total_tokens`; a stream the
 * `usage.total_tokens` of its usage chunk, read as the bytes pass (never buffered). An answer
 * that reports no usage (images) keeps what was charged up front.
 */
export async function meterResponse(response: Response, headers: Record<string, string>, report: ((tokens: number) => void) | undefined, endpoint: Endpoint): Promise<Response> {
  const type = response.headers.get('content-type') ?? ''
  let body: BodyInit | null = response.body
  if (report && endpoint !== 'models') {
    if (!response.ok) report(0)
    else if (type.startsWith('application/json')) {
      const text = await response.text()
      const tokens = totalTokens(text)
      if (tokens !== undefined) report(tokens)
      body = text
    } else if (type.startsWith('text/event-stream') && response.body) {
      body = tapStreamUsage(response.body, (tokens) => tokens !== undefined && report(tokens))
    }
  }
  const result = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
  for (const [name, value] of Object.entries(headers)) result.headers.set(name, value)
  return result
}

/** Longest SSE line kept while looking for usage; longer lines pass through unread. */
const MAX_LINE_CHARS = 1 << 20

/** Passes an SSE byte stream through unchanged and reports the last usage.total_tokens seen in it. */
export function tapStreamUsage(body: ReadableStream<Uint8Array>, onEnd: (tokens: number | undefined) => void): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder()
  let pending = ''
  let tokens: number | undefined
  const scan = (line: string) => {
    if (!line.startsWith('data:') || !line.includes('"total_tokens"')) return
    tokens = totalTokens(line.slice(5)) ?? tokens
  }
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        controller.enqueue(chunk)
        const lines = (pending + decoder.decode(chunk, { stream: true })).split(/\r\n|\n|\r/)
        pending = lines.pop() ?? ''
        if (pending.length > MAX_LINE_CHARS) pending = ''
        for (const line of lines) scan(line)
      },
      flush() {
        scan(pending + decoder.decode())
        onEnd(tokens)
      },
    }),
  )
}

function totalTokens(text: string): number | undefined {
  try {
    const usage = (JSON.parse(text) as { usage?: { total_tokens?: unknown } } | null)?.usage
    return typeof usage?.total_tokens === 'number' && usage.total_tokens >= 0 ? usage.total_tokens : undefined
  } catch {
    return undefined
  }
}
