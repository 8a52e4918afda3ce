import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { OpenAIBody, OpenAIChunk, ResponseContext, Target } from '../../../providers/types'

const FIXTURES = fileURLToPath(new URL('../../fixtures/anthropic/', import.meta.url))

/** Raw bytes of a fixture in test/fixtures/anthropic. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + name))
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(readFileSync(FIXTURES + name, 'utf8'))
}

export function target(options: Target['options'] = {}): Target {
  return { path: 'config', provider: 'anthropic', apiKey: 'sk-ant-test', keySource: 'caller', options }
}

export type TestContext = ResponseContext & { warnings: string[] }

export function context(body: OpenAIBody = { model: 'claude-test' }, includeUsage = true): TestContext {
  const warnings: string[] = []
  return { endpoint: 'chat', body, target: target(), id: 'chatcmpl-local', created: 1730000000, includeUsage, warn: (message) => void warnings.push(message), warnings }
}

/** Joins the content deltas and assembles tool calls the way the OpenAI SDK accumulator does. */
export function assemble(chunks: OpenAIChunk[]) {
  let content = ''
  const toolCalls: Array<{ id?: string; type?: string; name: string; arguments: string }> = []
  let finishReason: string | null | undefined
  for (const chunk of chunks) {
    for (const choice of chunk.choices) {
      const delta = choice.delta as any
      if (typeof delta?.content === 'string') content += delta.content
      for (const call of delta?.tool_calls ?? []) {
        const entry = (toolCalls[call.index] ??= { name: '', arguments: '' })
        if (call.id) entry.id = call.id
        if (call.type) entry.type = call.type
        if (call.function?.name) entry.name += call.function.name
        if (call.function?.arguments) entry.arguments += call.function.arguments
      }
      if (choice.finish_reason) finishReason = choice.finish_reason
    }
  }
  return { content, toolCalls, finishReason, usage: chunks.find((chunk) => chunk.usage)?.usage }
}
