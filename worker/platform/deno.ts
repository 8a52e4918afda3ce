// The Deno entry (dist/deno.js): `deno serve --allow-net --allow-env dist/deno.js`. At build time
// './deno-server' becomes './worker.js', the bundle every runtime shares.
import { createDenoServer } from './deno-server'

export default await createDenoServer()
