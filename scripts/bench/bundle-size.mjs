// The bundle as it would be deployed: minified and gzipped, with the modules that take the most
// room in it (from esbuild's metafile), grouped by package or by top-level source folder.
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'

function group(path) {
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)
  if (packageMatch) return packageMatch[1]
  const parts = path.split('/')
  return parts.length > 2 ? `${parts[0]}/${parts[1]}/` : path
}

export async function measureBundle(entry) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    minify: true,
    write: false,
    metafile: true,
    outfile: 'bundle.js',
    logLevel: 'silent',
  })
  const output = result.outputFiles[0].contents
  const inputs = Object.values(result.metafile.outputs)[0].inputs
  const groups = {}
  const files = []
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    groups[group(path)] = (groups[group(path)] ?? 0) + bytesInOutput
    files.push({ path, bytes: bytesInOutput })
  }
  return {
    minifiedBytes: output.length,
    gzippedBytes: gzipSync(output, { level: 9 }).length,
    groups: Object.entries(groups).map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes),
    largestFiles: files.sort((a, b) => b.bytes - a.bytes).slice(0, 12),
  }
}
