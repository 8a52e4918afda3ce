import { startEmulator, type Emulator, type EmulatorAnswer, type RecordedRequest } from '../emulators/core'

/** An Upstash Redis REST endpoint over an in-memory map, for the Vercel Edge config store. */
export interface UpstashEmulator extends Emulator {
  token: string
  data: Map<string, string>
}

const SCAN_PAGE = 2

/**
 * Starts an emulator of Upstash's REST API (a command as a JSON array POSTed to the root, answered
 * `{"result": …}` or `{"error": …}`) for GET, SET (with EX), DEL and SCAN (MATCH prefix*).
 * SCAN answers in pages of two keys so that callers must follow its cursor.
 * @see https://upstash.com/docs/redis/features/restapi
 */
export async function startUpstashEmulator(token = 'upstash-test-token'): Promise<UpstashEmulator> {
  const data = new Map<string, string>()
  const emulator = await startEmulator((request) => answer(request, data, token))
  return Object.assign(emulator, { token, data })
}

function answer(request: RecordedRequest, data: Map<string, string>, token: string): EmulatorAnswer {
  if (request.headers.authorization !== `Bearer ${token}`) return { status: 401, json: { error: 'Unauthorized' } }
  const command = request.json
  if (request.method !== 'POST' || !Array.isArray(command) || command.length === 0) return { status: 400, json: { error: 'ERR failed to parse command' } }
  const [name, ...args] = command.map(String)
  switch (name.toUpperCase()) {
    case 'GET':
      return { json: { result: data.get(args[0]) ?? null } }
    case 'SET':
      data.set(args[0], args[1])
      return { json: { result: 'OK' } }
    case 'DEL':
      return { json: { result: data.delete(args[0]) ? 1 : 0 } }
    case 'SCAN':
      return { json: { result: scan(data, Number(args[0]), matchPrefix(args)) } }
    default:
      return { status: 400, json: { error: `ERR unknown command '${name}'` } }
  }
}

function matchPrefix(args: string[]): string {
  const index = args.findIndex((arg) => arg.toUpperCase() === 'MATCH')
  const pattern = index >= 0 ? args[index + 1] : '*'
  if (!pattern.endsWith('*')) throw new Error(`the emulator handles only prefix patterns, got ${pattern}`)
  return pattern.slice(0, -1).replace(/\\(.)/g, '$1')
}

function scan(data: Map<string, string>, cursor: number, prefix: string): [string, string[]] {
  const keys = [...data.keys()].sort()
  const page = keys.slice(cursor, cursor + SCAN_PAGE).filter((key) => key.startsWith(prefix))
  const next = cursor + SCAN_PAGE >= keys.length ? 0 : cursor + SCAN_PAGE
  return [String(next), page]
}
