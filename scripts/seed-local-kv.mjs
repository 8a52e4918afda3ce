// Seeds the local KV namespace that `wrangler dev` uses with the example saved configs
// (config:<file name>) and integrations (integration:<file name>), so `npm start` works offline.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, writeFileSync, copyFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const entries = []
for (const [folder, prefix] of [['examples/configs', 'config:'], ['examples/integrations', 'integration:']]) {
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
    const value = JSON.stringify(JSON.parse(readFileSync(join(folder, file), 'utf8')))
    entries.push({ key: prefix + file.replace(/\.json$/, ''), value })
  }
}
const bulk = join(mkdtempSync(join(tmpdir(), 'understudy-')), 'kv.json')
writeFileSync(bulk, JSON.stringify(entries))
execFileSync('npx', ['wrangler', 'kv', 'bulk', 'put', bulk, '--binding', 'CONFIGS', '--local'], { stdio: 'inherit' })
if (!existsSync('.dev.vars')) copyFileSync('.dev.vars.example', '.dev.vars')
console.log(`seeded ${entries.length} entries into the local CONFIGS namespace`)
