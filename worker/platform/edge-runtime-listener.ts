// The Vercel Edge entry as a script for the edge-runtime package (tests, bench), which runs
// fetch-listener scripts rather than modules. At build time './vercel-edge-handler' becomes the
// built dist/worker.js, inlined.
import { handleVercelEdge } from './vercel-edge-handler'

addEventListener('fetch', (event) => event.respondWith(handleVercelEdge(event.request, event)))
