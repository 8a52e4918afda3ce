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
  dispose(): Promise<void>
}

/** Runs the built bundle (dist/worker.js, made by `npm test`) in workerd through Miniflare. */
export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const mf = new Miniflare({
    modules: true,
    scriptPath: bundle,
    compatibilityDate: '2026-04-01',
    kvNamespaces: ['CONFIGS'],
    bindings: { ALLOWED_PRIVATE_HOSTS: '127.0.0.1,localhost', ...options.vars, ...options.secrets },
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
  return { url: url.origin, mf, dispose: () => mf.dispose() }
}
