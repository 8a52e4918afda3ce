// Builds dist/worker.js, the one bundle every runtime runs, and the thin platform entries that
// import it:
//   dist/worker.js        the Worker (workerd: tests, bench) plus the platform adapters, from
//                         worker/platform/bundle.ts
//   dist/deno.js          `deno serve` / Deno Deploy module      import … from './worker.js'
//   dist/vercel-edge.js   Vercel Edge Function module            import … from './worker.js'
//   dist/edge-runtime.js  the Vercel entry as the fetch-listener script the edge-runtime package
//                         runs, made from the built dist/worker.js (inlined, not rebuilt)
// Flags: --minify, --quiet, --metafile (writes dist/meta.json for bundle analysis).
import { build } from 'esbuild'
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { gzipSync } from 'node:zlib'

const minify = process.argv.includes('--minify')
const common = { bundle: true, platform: 'neutral', target: 'es2022', conditions: ['workerd', 'worker', 'browser'], mainFields: ['module', 'main'], minify, sourcemap: false, logLevel: 'warning' }

const worker = await build({ ...common, entryPoints: ['worker/platform/bundle.ts'], outfile: 'dist/worker.js', format: 'esm', metafile: true })
if (process.argv.includes('--metafile')) writeFileSync('dist/meta.json', JSON.stringify(worker.metafile))

// The entries import the adapters by their source path (so that they typecheck); in dist, the
// adapters are named exports of worker.js.
const ADAPTERS = /^\.\/(deno-server|vercel-edge-handler)$/
const importBuiltWorker = (inline) => ({
  name: 'import-built-worker',
  setup(context) {
    context.onResolve({ filter: ADAPTERS }, () => (inline ? { path: resolve('dist/worker.js') } : { path: './worker.js', external: true }))
  },
})
await build({ ...common, entryPoints: { deno: 'worker/platform/deno.ts', 'vercel-edge': 'worker/platform/vercel-edge.ts' }, outdir: 'dist', format: 'esm', plugins: [importBuiltWorker(false)] })
await build({ ...common, minify: false, entryPoints: ['worker/platform/edge-runtime-listener.ts'], outfile: 'dist/edge-runtime.js', format: 'iife', plugins: [importBuiltWorker(true)] })

if (!process.argv.includes('--quiet')) {
  const bytes = worker.metafile.outputs['dist/worker.js'].bytes
  const gzipped = gzipSync(readFileSync('dist/worker.js'), { level: 9 }).length
  console.log(`built dist/worker.js (${bytes} bytes${minify ? ' minified' : ''}, ${gzipped} gzipped) and its entries dist/deno.js, dist/vercel-edge.js, dist/edge-runtime.js`)
}

// dist/validate.js: the config, integration and key-settings validators for the CLI
// (scripts/cli.mjs), so that it checks a file exactly as the gateway will before sending it.
await build({
  ...common,
  minify: false,
  stdin: {
    contents: [
      "export { validateConfig, describeConfigIssues } from './worker/config/validate-config'",
      "export { validateIntegration } from './worker/config/integration-schema'",
      "export { validateCreateKey } from './worker/routes/admin/key-settings-schema'",
    ].join('\n'),
    resolveDir: '.',
    loader: 'ts',
    sourcefile: 'validate-entry.ts',
  },
  outfile: 'dist/validate.js',
  format: 'esm',
})
if (!process.argv.includes('--quiet')) console.log('built dist/validate.js (the validators scripts/cli.mjs runs before sending)')
