// Bundled by deno-kv-store.test.ts and run by Deno: exercises the Deno KV config store against an
// in-memory Deno KV and prints what it observed as one JSON line.
import { createDenoKvStore, type DenoKvLike } from '../../worker/platform/deno-kv-store'

declare const Deno: { openKv(path: string): Promise<DenoKvLike & { close(): void }> }

const kv = await Deno.openKv(':memory:')
const store = createDenoKvStore(kv)
for (const key of ['config:a', 'config:b', 'config:c', 'configs', 'integration:x']) await store.put(key, JSON.stringify({ key }))
await store.put('key:ttl', '{}', { expirationTtl: 3600 })
const first = await store.list({ prefix: 'config:', limit: 2 })
const second = await store.list({ prefix: 'config:', limit: 2, cursor: first.cursor })
const observed = {
  text: await store.get('config:a', 'text'),
  json: await store.get('integration:x', 'json'),
  missing: await store.get('config:zzz', 'text'),
  first,
  second,
  everything: (await store.list()).keys.map((key) => key.name),
  raw: (await kv.get(['understudy', 'config:b'])).value,
  ttl: await store.get('key:ttl', 'text'),
  deleted: await store.delete('config:a').then(() => store.get('config:a', 'text')),
}
console.log(JSON.stringify(observed))
kv.close()
