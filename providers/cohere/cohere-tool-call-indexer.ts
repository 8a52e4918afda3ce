/**
 * Gives each Cohere tool call the OpenAI `tool_calls[].index` it streams under. Cohere numbers
 * tool-call events with its own `index` (which may be shared with content blocks, or absent);
 * OpenAI wants 0, 1, … over tool calls only, and a delta with no index belongs to the open call.
 * @see https://docs.cohere.com/v2/docs/streaming (tool-call-start, tool-call-delta)
 */
export class CohereToolCallIndexer {
  private readonly byCohereIndex = new Map<number, number>()
  private count = 0
  private current = -1

  /** Registers a tool-call-start and returns its OpenAI index. */
  start(cohereIndex: number | null | undefined): number {
    this.current = this.count++
    if (typeof cohereIndex === 'number') this.byCohereIndex.set(cohereIndex, this.current)
    return this.current
  }

  /** The OpenAI index of a tool-call-delta, or -1 when no call has started. */
  lookup(cohereIndex: number | null | undefined): number {
    if (typeof cohereIndex === 'number') {
      const known = this.byCohereIndex.get(cohereIndex)
      if (known !== undefined) return known
    }
    return this.current
  }
}
