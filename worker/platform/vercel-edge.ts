// The Vercel Edge entry (dist/vercel-edge.js), re-exported by the project's api/index.js. At build
// time './vercel-edge-handler' becomes './worker.js', the bundle every runtime shares.
import { handleVercelEdge } from './vercel-edge-handler'

/** Vercel runs a function as an Edge Function when its module's `config` says so. */
export const config = { runtime: 'edge' }

export default handleVercelEdge
