// Prebuilt upstream answers, written from the providers' documented wire formats, so that the
// upstream emulator spends nothing per request but a socket write.
//   OpenAI chat:  https://platform.openai.com/docs/api-reference/chat/object
//   OpenAI SSE:   https://platform.openai.com/docs/api-reference/chat-streaming
//   Anthropic SSE: https://docs.anthropic.com/en/docs/build-with-claude/streaming

const CREATED = 1_760_000_000
const WORDS = ['Hello', ' there', '!', ' This', ' is', ' a', ' benchmark', ' answer', ' from', ' the', ' upstream', '.']
const TEXT = WORDS.join('')

export const OPENAI_CHAT_JSON = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench000000000000000001',
    object: 'chat.completion',
    created: CREATED,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [{ index: 0, message: { role: 'assistant', content: TEXT, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 9, completion_tokens: 12, total_tokens: 21 },
    system_fingerprint: 'fp_bench',
  }),
)

const openAIChunk = (delta, finishReason = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench000000000000000002', object: 'chat.completion.chunk', created: CREATED, model: 'gpt-4o-mini-2024-07-18', system_fingerprint: 'fp_bench', choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] })}\n\n`

export const OPENAI_CHAT_SSE = Buffer.from(
  [openAIChunk({ role: 'assistant', content: '', refusal: null }), ...WORDS.map((word) => openAIChunk({ content: word })), openAIChunk({}, 'stop'), 'data: [DONE]\n\n'].join(''),
)

const anthropicEvent = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`

export const ANTHROPIC_SSE = Buffer.from(
  [
    anthropicEvent('message_start', {
      message: { id: 'msg_bench01', type: 'message', role: 'assistant', content: [], model: 'claude-sonnet-4-5', stop_reason: null, stop_sequence: null, usage: { input_tokens: 9, output_tokens: 1 } },
    }),
    anthropicEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    anthropicEvent('ping', {}),
    ...WORDS.map((word) => anthropicEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text: word } })),
    anthropicEvent('content_block_stop', { index: 0 }),
    anthropicEvent('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 12 } }),
    anthropicEvent('message_stop', {}),
  ].join(''),
)

export const OVERLOADED_JSON = Buffer.from(JSON.stringify({ error: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', param: null, code: null } }))

/** One event of a dripping stream: a content delta of about `bytes` bytes. */
export function dripEvent(bytes) {
  return Buffer.from(openAIChunk({ content: 'x'.repeat(Math.max(1, bytes - 200)) }))
}
export const DRIP_FIRST = Buffer.from(openAIChunk({ role: 'assistant', content: '' }))
export const DRIP_LAST = Buffer.from(openAIChunk({}, 'stop') + 'data: [DONE]\n\n')
