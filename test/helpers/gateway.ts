import { Miniflare } from 'miniflare'
import { fileURLToPath } from 'node:url'

const bundle = fileURLToPath(new URL('../../dist/worker.js', import.meta.url))

export interface GatewayOptions {
  /** Worker Secrets (provider keys), name → value. */
  secrets?: Record<string, string>
  /** Entries written to the CONFIGS KV namespace before the gateway starts. */
  kv?: Record<string, string | object>
  /** Extra plain vars; ALLOWED_PRIVATE_HOSTS defaults to the loopback emulators. */
  vars?: Record<string, string>
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
    bindings: { ALLOWED_PRIVATE_HOSTS: '127.0.0.1,localhost', ...options.vars, ...options.secrets },
    compatibilityFlags: ['enable_request_signal'],
    host: '127.0.0.1',
    port: 0,
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
