import type { OpenAIChunk } from '../../providers/types'

/**
 * Whether a chunk carries part of the answer (text, a tool call, a refusal, reasoning) or a
 * finish. The role-only first chunk and usage-only chunks do not: a stream is committed to a
 * target only once a content-bearing chunk has arrived.
 */
export function isContentBearing(chunk: OpenAIChunk): boolean {
  for (const choice of chunk.choices) {
    if (choice.finish_reason) return true
    if (typeof choice.text === 'string' && choice.text !== '') return true
    const delta = choice.delta as Record<string, unknown> | undefined
    if (!delta) continue
    if (typeof delta.content === 'string' && delta.content !== '') return true
    if (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0) return true
    if (typeof delta.refusal === 'string' && delta.refusal !== '') return true
    if (typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '') return true
    if (typeof delta.reasoning === 'string' && delta.reasoning !== '') return true
    if (delta.function_call) return true
  }
  return false
}

/** Tracks which choices have finished, so the end of a stream can be judged complete or cut. */
export class FinishTracker {
  private readonly open = new Set<number>()
  private readonly finished = new Set<number>()

  observe(chunk: OpenAIChunk): void {
    for (const choice of chunk.choices) {
      if (choice.finish_reason) {
        this.open.delete(choice.index)
        this.finished.add(choice.index)
      } else if (!this.finished.has(choice.index)) {
        this.open.add(choice.index)
      }
    }
  }

  get finishedCount(): number {
    return this.finished.size
  }

  /** Every choice that appeared has finished (and at least one did). */
  get complete(): boolean {
    return this.finished.size > 0 && this.open.size === 0
  }
}
