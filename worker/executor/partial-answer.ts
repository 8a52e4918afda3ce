import type { OpenAIChunk } from '../../providers/types'

/**
 * Past this many characters a broken answer is not continued, and the text is let go, so that
 * memory stays bounded however long the answer grows.
 */
export const MAX_PREFILL_CHARS = 64 * 1024

/**
 * The text of a single-choice answer so far, kept for mid-stream recovery. An answer that has
 * started a tool call, a refusal or reasoning cannot be continued from text alone.
 */
export class PartialAnswer {
  private parts: string[] = []
  private length = 0
  private continuable = true

  observe(chunk: OpenAIChunk): void {
    if (!this.continuable) return
    for (const choice of chunk.choices) {
      const delta = choice.delta as Record<string, unknown> | undefined
      if (!delta) continue
      if (delta.tool_calls || delta.function_call || delta.refusal || delta.reasoning_content || delta.reasoning) return this.giveUp()
      if (typeof delta.content === 'string' && delta.content !== '') {
        this.parts.push(delta.content)
        this.length += delta.content.length
        if (this.length > MAX_PREFILL_CHARS) return this.giveUp()
      }
    }
  }

  /** The answer so far, or undefined when it cannot be continued. */
  text(): string | undefined {
    if (!this.continuable || this.length === 0) return undefined
    const text = this.parts.join('')
    this.parts = [text]
    return text
  }

  private giveUp(): void {
    this.continuable = false
    this.parts = []
  }
}
