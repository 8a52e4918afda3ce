/** Splits bytes into chunks at the given cut points (byte offsets), for awkward-boundary replays. */
export function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.filter((cut) => cut > 0 && cut < bytes.length))].sort((a, b) => a - b)
  const chunks: Uint8Array[] = []
  let start = 0
  for (const point of points) {
    chunks.push(bytes.slice(start, point))
    start = point
  }
  chunks.push(bytes.slice(start))
  return chunks
}

/**
 * Cut points that land inside CRLF pairs and inside multi-byte UTF-8 sequences, plus every
 * `step`th byte: the boundaries a network really produces and parsers most often get wrong.
 */
export function awkwardCuts(bytes: Uint8Array, step = 7): number[] {
  const cuts: number[] = []
  for (let index = 1; index < bytes.length; index++) {
    const byte = bytes[index]
    if (bytes[index - 1] === 13 && byte === 10) cuts.push(index) // between CR and LF
    if ((byte & 0xc0) === 0x80) cuts.push(index) // inside a multi-byte UTF-8 sequence
    if (index % step === 0) cuts.push(index)
  }
  return cuts
}

/** A byte stream that delivers the chunks one by one. */
export function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let index = 0
  return new ReadableStream({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(chunks[index++])
      else controller.close()
    },
  })
}

/** Reads a whole stream into an array. */
export async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const items: T[] = []
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return items
    items.push(value)
  }
}
