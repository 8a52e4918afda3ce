// The re-encoding floor: what any Worker pays to read an answer in JavaScript rather than pass
// its bytes through. It makes the floor's upstream calls and parses and re-serialises the answer:
// the JSON body whole, a stream event by event through a JS ReadableStream (as the gateway's own
// stream output does). No routing, no checks, no translation. The gateway's distance from this
// floor is its own work; the distance from the passthrough floor to this one is the runtime's.
const encoder = new TextEncoder()

function reencodeEvents(text) {
  let out = ''
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: ')) continue
    const data = line.slice(6)
    out += data === '[DONE]' ? 'data: [DONE]\n\n' : `data: ${JSON.stringify(JSON.parse(data))}\n\n`
  }
  return out
}

function reencodeStream(body) {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let pending = ''
  return new ReadableStream(
    {
      async pull(controller) {
        for (;;) {
          const { done, value } = await reader.read()
          if (done) return controller.close()
          pending += decoder.decode(value, { stream: true })
          const end = pending.lastIndexOf('\n\n')
          if (end === -1) continue
          const out = reencodeEvents(pending.slice(0, end))
          pending = pending.slice(end + 2)
          if (out !== '') return controller.enqueue(encoder.encode(out))
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  )
}

async function answer(upstream) {
  const headers = { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }
  if (headers['content-type'].startsWith('text/event-stream')) return new Response(reencodeStream(upstream.body), { status: upstream.status, headers })
  return new Response(JSON.stringify(await upstream.json()), { status: upstream.status, headers })
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url)
    const body = await request.text()
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body }
    if (pathname.startsWith('/fallback/')) {
      await (await fetch(`${env.UPSTREAM}/fail${pathname.slice(9)}`, init)).arrayBuffer()
      return answer(await fetch(`${env.UPSTREAM}${pathname.slice(9)}`, init))
    }
    return answer(await fetch(`${env.UPSTREAM}${pathname}`, init))
  },
}
