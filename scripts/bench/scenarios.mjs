// The four load scenarios, as a request to the gateway and the request to the floor that makes
// the same upstream calls.

export const SCENARIOS = [
  { name: 'chat', streaming: false },
  { name: 'chat-stream', streaming: true },
  { name: 'fallback', streaming: false },
  { name: 'anthropic-stream', streaming: true },
]

const MESSAGES = [{ role: 'user', content: 'Say hello.' }]
const chatBody = (stream) => JSON.stringify({ model: 'gpt-4o-mini', messages: MESSAGES, ...(stream ? { stream: true } : {}) })

/** The request to the gateway: OpenAI format in, routed by headers to the upstream emulator. */
export function gatewayRequest(scenario, upstream) {
  const path = '/v1/chat/completions'
  const openai = { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstream}/v1`, authorization: 'Bearer sk-bench' }
  switch (scenario.name) {
    case 'chat':
      return { path, headers: openai, body: chatBody(false) }
    case 'chat-stream':
      return { path, headers: openai, body: chatBody(true) }
    case 'fallback': {
      // The breaker is off so that every request really tries the failing primary first.
      const config = {
        strategy: { mode: 'fallback' },
        circuit_breaker: { enabled: false },
        targets: [
          { provider: 'openai', api_key: 'sk-bench', custom_host: `${upstream}/fail/v1` },
          { provider: 'openai', api_key: 'sk-bench', custom_host: `${upstream}/v1` },
        ],
      }
      return { path, headers: { 'x-portkey-config': JSON.stringify(config) }, body: chatBody(false) }
    }
    case 'anthropic-stream':
      return { path, headers: { 'x-portkey-provider': 'anthropic', 'x-portkey-custom-host': `${upstream}/anthropic`, authorization: 'Bearer sk-ant-bench' }, body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: MESSAGES, stream: true }) }
    case 'drip': {
      const { events, bytes, intervalMs } = scenario.drip
      return { path, headers: { ...openai, 'x-portkey-custom-host': `${upstream}/drip/${events}/${bytes}/${intervalMs}/v1` }, body: chatBody(true) }
    }
  }
  throw new Error(`unknown scenario ${scenario.name}`)
}

/** The request to the passthrough floor for the same upstream work. */
export function floorRequest(scenario) {
  switch (scenario.name) {
    case 'chat':
      return { path: '/v1/chat/completions', body: chatBody(false) }
    case 'chat-stream':
      return { path: '/v1/chat/completions', body: chatBody(true) }
    case 'fallback':
      return { path: '/fallback/v1/chat/completions', body: chatBody(false) }
    case 'anthropic-stream':
      return { path: '/anthropic/v1/messages', body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: MESSAGES, stream: true }) }
    case 'drip': {
      const { events, bytes, intervalMs } = scenario.drip
      return { path: `/drip/${events}/${bytes}/${intervalMs}/v1/chat/completions`, body: chatBody(true) }
    }
  }
  throw new Error(`unknown scenario ${scenario.name}`)
}

/** Fails the run early when the gateway does not answer a scenario as it should. */
export function checkAnswer(scenario, answer) {
  const problem = (detail) => new Error(`gateway ${scenario.name}: ${detail}\n${answer.body ?? answer.error}`)
  if ('error' in answer) throw problem('request failed')
  if (answer.status !== 200) throw problem(`status ${answer.status}`)
  if (scenario.streaming) {
    if (!answer.body.includes('benchmark') || !answer.body.trimEnd().endsWith('data: [DONE]')) throw problem('the stream is not a complete OpenAI stream')
  } else if (JSON.parse(answer.body).choices?.[0]?.message?.content !== 'Hello there! This is a benchmark answer from the upstream.') {
    throw problem('unexpected answer')
  }
}
