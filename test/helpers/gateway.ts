import { Miniflare, Response as MiniflareResponse } from 'miniflare'
import { fileURLToPath } from 'node:url'

const bundle = fileURLToPath(new URL('../../dist/worker.js', import.meta.url))

export interface GatewayOptions {
  /** Worker Secrets (provider keys), name → value. */
  secrets?: Record<string, string>
  /** Entries written to the CONFIGS KV namespace before the gateway starts. */
  kv?: Record<string, string | object>
  /** Extra plain vars; ALLOWED_PRIVATE_HOSTS defaults to the loopback emulators. */
  vars?: Record<string, string>
  /**
   * Provider origins the Worker's outbound fetches are sent to instead, e.g.
   * `{ 'https://api.openai.com': emulator.url }`: lets examples that name no custom host (the
   * seeds' inline configs) reach the emulators unchanged. Other fetches go out as they are.
   */
  hostRoutes?: Record<string, string>
  /** Bind the RATE_LIMITER Durable Object (per-key rate limits); default true, false to test a deployment without it. */
  rateLimiter?: boolean
}

export interface Gateway {
  /** `http://127.0.0.1:<port>` */
  url: string
  mf: Miniflare
  /** Everything the Worker wrote to stdout and stderr, line by line (for the no-secret-in-logs checks). */
  logs: string[]
  dispose(): Promise<void>
}

/** Runs the built bundle (dist/worker.js, made by `npm test`) in workerd through Miniflare. */
export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const logs: string[] = []
  const capture = (stream: NodeJS.ReadableStream) => {
    let pending = ''
    stream.setEncoding('utf8')
    stream.on('data', (text: string) => {
      const lines = (pending + text).split('\n')
      pending = lines.pop() ?? ''
      logs.push(...lines.filter(Boolean))
      if (process.env.GATEWAY_LOGS) for (const line of lines) console.log(line)
    })
  }
  const mf = new Miniflare({
    handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
      capture(stdout)
      capture(stderr)
    },
    modules: true,
    scriptPath: bundle,
    compatibilityDate: '2026-04-01',
    kvNamespaces: ['CONFIGS'],
    durableObjects: { BREAKER_STATE: 'BreakerState', ...(options.rateLimiter !== false && { RATE_LIMITER: 'RateLimiter' }) },
    bindings: { ALLOWED_PRIVATE_HOSTS: '127.0.0.1,localhost', ...options.vars, ...options.secrets },
    compatibilityFlags: ['enable_request_signal'],
    host: '127.0.0.1',
    port: 0,
    ...(options.hostRoutes ? { outboundService: routeOutbound(options.hostRoutes) } : {}),
  })
  const url = await mf.ready
  if (options.kv) {
    const kv = await mf.getKVNamespace('CONFIGS')
    for (const [key, value] of Object.entries(options.kv)) {
      await kv.put(key, typeof value === 'string' ? value : JSON.stringify(value))
    }
  }
  return { url: url.origin, mf, logs, dispose: () => mf.dispose() }
}

/** An outbound service that rewrites the origins in `routes` and streams the answer back. */
function routeOutbound(routes: Record<string, string>) {
  return async (request: { url: string; method: string; headers: Iterable<[string, string]>; arrayBuffer(): Promise<ArrayBuffer> }) => {
    const url = new URL(request.url)
    const routed = routes[url.origin]
    const target = routed ? new URL(url.pathname + url.search, routed) : url
    const headers = new Headers([...request.headers])
    headers.delete('host') // the emulator's own host, as a real client would send
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer()
    const response = await fetch(target, { method: request.method, headers, body, redirect: 'manual' })
    return new MiniflareResponse(response.body as any, { status: response.status, headers: [...response.headers] })
  }
}
