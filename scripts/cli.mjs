// The understudy CLI: validates configs, integrations and key settings locally (with the
// gateway's own validators, bundled into dist/validate.js by `npm run build`), then talks to the
// admin API of a local or deployed gateway. Run it as `npm run understudy -- <command>`.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const HELP = `understudy: manage a gateway's saved configs, integrations and keys through its admin API.

Usage: npm run understudy -- <command> [options]

Configs
  configs validate <file.json>            check a config offline, printing every issue with its path
  configs push <file.json> [--id <id>]    validate, then save it (id defaults to the file name)
  configs pull <id> [--previous]          print the saved config (or the version before it) as JSON
  configs list                            ids with version and update time
  configs versions <id>                   the versions kept
  configs rm <id>                         delete a saved config
Integrations
  integrations put <slug> <file.json>     validate, then save an integration (names Worker Secrets only)
  integrations get <slug>                 show one, with whether its secrets are set
  integrations list
  integrations rm <slug>
Gateway keys
  keys create [--name <n>] [--browser] [--origin <https://app.example.com>]... [--config <id>]...
              [--integration <slug>]... [--provider <p>]... [--model <m>]... [--default-config <id>]
              [--rpm <N>] [--tpm <N>] [--metadata <k=v>]... [--expires-in-days <N>]
                                          prints the new key: it is shown only once
  keys list | keys get <id> | keys revoke <id> | keys rm <id>

Options
  --url <url>     the gateway (default: $UNDERSTUDY_URL or http://localhost:8787)
  --token <t>     the admin token (default: $UNDERSTUDY_ADMIN_TOKEN; prefer the variable, since
                  arguments are visible to other users of the machine)
  --cursor <c>    for list commands: the page after this cursor
  --json          print the gateway's JSON answer as it is
  -h, --help      this help

Exit status: 0 on success, 1 when the gateway or the validation refuses, 2 on a usage error.`

const OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  id: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  previous: { type: 'boolean' },
  cursor: { type: 'string' },
  name: { type: 'string' },
  browser: { type: 'boolean' },
  origin: { type: 'string', multiple: true },
  config: { type: 'string', multiple: true },
  integration: { type: 'string', multiple: true },
  provider: { type: 'string', multiple: true },
  model: { type: 'string', multiple: true },
  metadata: { type: 'string', multiple: true },
  'default-config': { type: 'string' },
  rpm: { type: 'string' },
  tpm: { type: 'string' },
  'expires-in-days': { type: 'string' },
}

/** A failure already explained to the user; `code` is the exit status. */
class CliError extends Error {
  constructor(message, code = 1) {
    super(message)
    this.code = code
  }
}
const usage = (message) => new CliError(`${message}\nRun with --help for usage.`, 2)

async function main(argv) {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true })
  } catch (error) {
    throw usage(error.message)
  }
  const { values: options, positionals } = parsed
  const [group, command, ...rest] = positionals
  if (options.help || !group) return void console.log(HELP)
  const handler = COMMANDS[group]?.[command]
  if (!handler) throw usage(command === undefined ? `'${group}' needs a command.` : `Unknown command '${group} ${command}'.`)
  await handler(rest, options)
}

const COMMANDS = {
  configs: {
    async validate([file]) {
      const config = readJsonFile(file, 'configs validate <file.json>')
      await checkConfig(config, file)
      console.log(`${file}: valid`)
    },
    async push([file], options) {
      const config = readJsonFile(file, 'configs push <file.json>')
      await checkConfig(config, file)
      const id = options.id ?? basename(file).replace(/\.json$/i, '')
      const answer = await call(options, 'PUT', `/admin/configs/${encodeURIComponent(id)}`, config)
      print(options, answer, () => `Saved config '${answer.id}' (version ${answer.version}). Requests use it within 30 s (each gateway isolate caches a config that long).`)
    },
    async pull([id], options) {
      need(id, 'configs pull <id>')
      const answer = await call(options, 'GET', `/admin/configs/${encodeURIComponent(id)}`)
      if (options.previous && !answer.previous) throw new CliError(`Config '${id}' has no previous version.`)
      print(options, answer, () => JSON.stringify(options.previous ? answer.previous.config : answer.config, null, 2))
    },
    async list(_, options) {
      const answer = await call(options, 'GET', `/admin/configs${page(options)}`)
      print(options, answer, () => table(answer, ['id', 'version', 'updated_at']))
    },
    async versions([id], options) {
      need(id, 'configs versions <id>')
      const answer = await call(options, 'GET', `/admin/configs/${encodeURIComponent(id)}/versions`)
      print(options, answer, () => table(answer, ['version', 'updated_at', 'current']))
    },
    async rm([id], options) {
      need(id, 'configs rm <id>')
      const answer = await call(options, 'DELETE', `/admin/configs/${encodeURIComponent(id)}`)
      print(options, answer, () => `Deleted config '${id}'.`)
    },
  },
  integrations: {
    async put([slug, file], options) {
      need(slug, 'integrations put <slug> <file.json>')
      const integration = readJsonFile(file, 'integrations put <slug> <file.json>')
      const { validateIntegration, describeConfigIssues } = await validators()
      const checked = validateIntegration(slug, integration)
      if (!checked.ok) failWithIssues(`${file} is not a valid integration`, checked.issues, describeConfigIssues)
      const answer = await call(options, 'PUT', `/admin/integrations/${encodeURIComponent(slug)}`, integration)
      print(options, answer, () => [`Saved integration '${slug}'.`, ...(answer.warnings ?? []).map((warning) => `warning: ${warning}`)].join('\n'))
    },
    async get([slug], options) {
      need(slug, 'integrations get <slug>')
      const answer = await call(options, 'GET', `/admin/integrations/${encodeURIComponent(slug)}`)
      print(options, answer, () => JSON.stringify(answer, null, 2))
    },
    async list(_, options) {
      const answer = await call(options, 'GET', `/admin/integrations${page(options)}`)
      print(options, answer, () => table(answer, ['slug', 'provider', 'secret_present']))
    },
    async rm([slug], options) {
      need(slug, 'integrations rm <slug>')
      const answer = await call(options, 'DELETE', `/admin/integrations/${encodeURIComponent(slug)}`)
      print(options, answer, () => `Deleted integration '${slug}'.`)
    },
  },
  keys: {
    async create(_, options) {
      const body = keySettings(options)
      const { validateCreateKey, describeConfigIssues } = await validators()
      const checked = validateCreateKey(body, Date.now())
      if (!checked.ok) failWithIssues('The key settings are not valid', checked.issues, describeConfigIssues)
      const answer = await call(options, 'POST', '/admin/keys', body)
      print(options, answer, () => `Created key ${answer.record.id}${answer.record.name ? ` (${answer.record.name})` : ''}. Store it now: it is shown only once.\n\n  ${answer.key}\n`)
    },
    async list(_, options) {
      const answer = await call(options, 'GET', `/admin/keys${page(options)}`)
      print(options, answer, () => table(answer, ['id', 'name', 'status', 'browser', 'prefix', 'created_at', 'expires_at']))
    },
    async get([id], options) {
      need(id, 'keys get <id>')
      const answer = await call(options, 'GET', `/admin/keys/${encodeURIComponent(id)}`)
      print(options, answer, () => JSON.stringify(answer, null, 2))
    },
    async revoke([id], options) {
      need(id, 'keys revoke <id>')
      const answer = await call(options, 'POST', `/admin/keys/${encodeURIComponent(id)}/revoke`)
      print(options, answer, () => `Revoked key ${id} at ${answer.revoked_at}.`)
    },
    async rm([id], options) {
      need(id, 'keys rm <id>')
      const answer = await call(options, 'DELETE', `/admin/keys/${encodeURIComponent(id)}`)
      print(options, answer, () => `Deleted key ${id}.`)
    },
  },
}

/** The POST /admin/keys body the `keys create` flags describe. */
function keySettings(options) {
  const policy = {}
  const lists = { origin: 'origins', config: 'configs', integration: 'integrations', provider: 'providers', model: 'models' }
  for (const [flag, field] of Object.entries(lists)) if (options[flag]) policy[field] = options[flag]
  if (options['default-config']) policy.default_config = options['default-config']
  const rateLimit = {}
  if (options.rpm !== undefined) rateLimit.requests_per_minute = wholeNumber(options.rpm, '--rpm')
  if (options.tpm !== undefined) rateLimit.tokens_per_minute = wholeNumber(options.tpm, '--tpm')
  if (Object.keys(rateLimit).length) policy.rate_limit = rateLimit
  if (options.metadata) {
    policy.metadata = {}
    for (const pair of options.metadata) {
      const equals = pair.indexOf('=')
      if (equals < 1) throw usage(`--metadata expects key=value, got '${pair}'.`)
      policy.metadata[pair.slice(0, equals)] = pair.slice(equals + 1)
    }
  }
  const body = { policy }
  if (options.name !== undefined) body.name = options.name
  if (options.browser) body.browser = true
  if (options['expires-in-days'] !== undefined) body.expires_in_days = wholeNumber(options['expires-in-days'], '--expires-in-days')
  return body
}

function wholeNumber(text, flag) {
  if (!/^\d+$/.test(text)) throw usage(`${flag} expects a whole number, got '${text}'.`)
  return Number(text)
}

async function checkConfig(config, file) {
  const { validateConfig, describeConfigIssues } = await validators()
  const checked = validateConfig(config)
  if (!checked.ok) failWithIssues(`${file} is not a valid config`, checked.issues, describeConfigIssues)
}

function failWithIssues(title, issues, describe) {
  const lines = issues.map((issue) => `  ${describe([issue])}`)
  throw new CliError(`${title} (${issues.length} issue${issues.length === 1 ? '' : 's'}; nothing was sent):\n${lines.join('\n')}`)
}

/** The gateway's own validators, building dist/validate.js first when it is missing. */
async function validators() {
  const bundle = fileURLToPath(new URL('../dist/validate.js', import.meta.url))
  if (!existsSync(bundle)) {
    const root = fileURLToPath(new URL('..', import.meta.url))
    const built = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: root, stdio: 'inherit' })
    if (built.status !== 0 || !existsSync(bundle)) throw new CliError('dist/validate.js is missing and could not be built: run npm run build.')
  }
  return import(bundle)
}

function readJsonFile(file, form) {
  need(file, form)
  let text
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${error.code ?? error.message}`)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${error.message}`)
  }
}

const need = (value, form) => { if (value === undefined) throw usage(`Missing argument: ${form}`) }

/** Sends one admin request; a refusal becomes a CliError carrying the gateway's message. */
async function call(options, method, path, body) {
  const base = (options.url ?? process.env.UNDERSTUDY_URL ?? 'http://localhost:8787').replace(/\/+$/, '')
  const token = options.token ?? process.env.UNDERSTUDY_ADMIN_TOKEN
  if (!token) throw new CliError('No admin token: set UNDERSTUDY_ADMIN_TOKEN (or pass --token).', 2)
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  let response
  try {
    response = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  } catch (error) {
    const reason = error.cause?.code ?? error.cause?.message ?? error.message
    throw new CliError(`Cannot reach the gateway at ${base} (${reason}). Is it running (npm start)? Set --url or UNDERSTUDY_URL.`)
  }
  const text = await response.text()
  let answer
  try {
    answer = JSON.parse(text)
  } catch {
    throw new CliError(`The gateway answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`)
  }
  if (!response.ok) {
    const error = answer?.error ?? {}
    const code = error.code ? `, ${error.code}` : ''
    throw new CliError(`${method} ${path} failed (HTTP ${response.status}${code}): ${error.message ?? text.slice(0, 200)}`)
  }
  return answer
}

const print = (options, answer, human) => console.log(options.json ? JSON.stringify(answer, null, 2) : human())
const page = (options) => (options.cursor ? `?cursor=${encodeURIComponent(options.cursor)}` : '')

/** A plain aligned table of a list answer's rows, with the cursor of the next page if any. */
function table(answer, columns) {
  const rows = answer.data.map((row) => columns.map((column) => (row[column] === undefined || row[column] === null ? '-' : String(row[column]))))
  if (rows.length === 0) return '(none)'
  const widths = columns.map((column, index) => Math.max(column.length, ...rows.map((row) => row[index].length)))
  const line = (cells) => cells.map((cell, index) => cell.padEnd(widths[index])).join('  ').trimEnd()
  const more = answer.cursor ? `\n(more: --cursor ${answer.cursor})` : ''
  return [line(columns), ...rows.map(line)].join('\n') + more
}

main(process.argv.slice(2)).catch((error) => {
  if (error instanceof CliError) {
    console.error(`error: ${error.message}`)
    process.exit(error.code)
  }
  console.error(error)
  process.exit(1)
})
