// The benchmark's upstream: a minimal node http server on 127.0.0.1 that answers from prebuilt
// bodies. Run as a child process (its own event loop); prints its port on stdout, counts hits per
// route (GET /stats), and exits when its parent does.
//   POST /v1/chat/completions           OpenAI chat JSON, or the OpenAI SSE stream for "stream":true
//   POST /fail/v1/chat/completions      503 overloaded
//   POST /anthropic/v1/messages         the Anthropic SSE stream
//   POST /drip/<events>/<bytes>/<ms>/v1/chat/completions   a slow stream: <events> events of
//        <bytes> bytes, one every <ms> ms, honouring backpressure
import http from 'node:http'
import { ANTHROPIC_SSE, DRIP_FIRST, DRIP_LAST, OPENAI_CHAT_JSON, OPENAI_CHAT_SSE, OVERLOADED_JSON, dripEvent } from './bodies.mjs'

const JSON_HEADERS = { 'content-type': 'application/json' }
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }
const STREAM_FLAG = Buffer.from('"stream":true')
const hits = {}
const dripEvents = new Map()

const server = http.createServer((request, response) => {
  const chunks = []
  request.on('data', (chunk) => chunks.push(chunk))
  request.on('end', () => answer(request.url ?? '/', Buffer.concat(chunks), response))
})
server.keepAliveTimeout = 60_000
// New connections tell whether the callers reuse them (keep-alive) or open one per request.
server.on('connection', () => (hits.connections = (hits.connections ?? 0) + 1))

function answer(path, body, response) {
  const route = path.startsWith('/drip/') ? 'drip' : path
  hits[route] = (hits[route] ?? 0) + 1
  if (path === '/stats') return response.writeHead(200, JSON_HEADERS).end(JSON.stringify(hits))
  if (path === '/fail/v1/chat/completions') return response.writeHead(503, JSON_HEADERS).end(OVERLOADED_JSON)
  if (path === '/anthropic/v1/messages') return response.writeHead(200, SSE_HEADERS).end(ANTHROPIC_SSE)
  if (path === '/v1/chat/completions') {
    if (body.includes(STREAM_FLAG)) return response.writeHead(200, SSE_HEADERS).end(OPENAI_CHAT_SSE)
    return response.writeHead(200, JSON_HEADERS).end(OPENAI_CHAT_JSON)
  }
  const drip = /^\/drip\/(\d+)\/(\d+)\/(\d+)\//.exec(path)
  if (drip) return void dripStream(response, Number(drip[1]), Number(drip[2]), Number(drip[3]))
  response.writeHead(404, JSON_HEADERS).end('{"error":{"message":"no such route"}}')
}

async function dripStream(response, events, bytes, intervalMs) {
  if (!dripEvents.has(bytes)) dripEvents.set(bytes, dripEvent(bytes))
  const event = dripEvents.get(bytes)
  let closed = false
  response.on('close', () => (closed = true))
  response.writeHead(200, SSE_HEADERS)
  response.write(DRIP_FIRST)
  for (let index = 0; index < events && !closed; index++) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
    if (!response.write(event)) await new Promise((resolve) => response.once('drain', resolve))
  }
  if (!closed) response.end(DRIP_LAST)
}

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`)
})
process.on('disconnect', () => process.exit(0))
