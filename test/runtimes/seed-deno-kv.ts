// Run by Deno (not vitest): writes config store entries into a Deno KV database file with the
// layout the gateway reads, ["understudy", <KV key>] → the entry's JSON text.
//   deno run --unstable-kv --allow-read --allow-write test/runtimes/seed-deno-kv.ts <path> '<json>'
declare const Deno: {
  args: string[]
  openKv(path: string): Promise<{ set(key: string[], value: string): Promise<unknown>; close(): void }>
}

const [path, json] = Deno.args
const kv = await Deno.openKv(path)
for (const [key, value] of Object.entries(JSON.parse(json) as Record<string, unknown>)) {
  await kv.set(['understudy', key], typeof value === 'string' ? value : JSON.stringify(value))
}
kv.close()

export {}
