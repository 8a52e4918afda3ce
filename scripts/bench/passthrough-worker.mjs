// The floor: a Worker that fetches the upstream and returns its body, nothing else. Run in workerd
// through Miniflare exactly like the gateway. Its one branch mirrors the fallback scenario's
// upstream work (a 503 first, then the answer) so that the floor makes the same round trips.
export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url)
    if (pathname.startsWith('/fallback/')) {
      const body = await request.arrayBuffer()
      await (await fetch(`${env.UPSTREAM}/fail${pathname.slice(9)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).arrayBuffer()
      const upstream = await fetch(`${env.UPSTREAM}${pathname.slice(9)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      return new Response(upstream.body, { status: upstream.status, headers: upstream.headers })
    }
    const upstream = await fetch(`${env.UPSTREAM}${pathname}`, { method: request.method, headers: { 'content-type': 'application/json' }, body: request.body })
    return new Response(upstream.body, { status: upstream.status, headers: upstream.headers })
  },
}
