// Bundles worker/index.ts into dist/worker.js: the one artefact that workerd (tests, bench),
// Deno and Vercel Edge all run.
import { build } from 'esbuild'

const result = await build({
  entryPoints: ['worker/index.ts'],
  outfile: 'dist/worker.js',
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  conditions: ['workerd', 'worker', 'browser'],
  mainFields: ['module', 'main'],
  minify: process.argv.includes('--minify'),
  sourcemap: false,
  metafile: true,
  logLevel: 'warning',
})
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0)
if (!process.argv.includes('--quiet')) console.log(`built dist/worker.js (${bytes} bytes)`)
