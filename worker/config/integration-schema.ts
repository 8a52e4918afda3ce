import * as v from 'valibot'
import type { ProviderOptions } from '../../providers/types'
import { issuePath } from '../http/describe-issues'
import type { ConfigIssue } from './config-keys'
import { suggestionSuffix } from './did-you-mean'
import { parseHttpUrl } from './host-guard'
import { canonicalProvider, type ProviderId, unknownProviderMessage } from './provider-ids'
import { OPTION_BY_CONFIG_KEY, isSecretOption, optionValueProblem, snakeCase } from './provider-option-names'

/** A named provider account: its provider, the Worker Secrets holding its credentials, its options. */
export interface Integration {
  slug: string
  provider: ProviderId
  /** Name of the Worker Secret holding the API key. */
  secret?: string
  /** The integration's own base URL; the only non-default host its secrets may be sent to. */
  customHost?: string
  /** Non-secret provider options. */
  options: ProviderOptions
  /** Provider option → name of the Worker Secret holding its value (`awsSecretAccessKey` → `AWS_PROD_SECRET`). */
  secrets: Record<string, string>
}

const SECRET_NAME = /^[A-Z][A-Z0-9_]*$/
const RESERVED = new Set(['CONFIGS', 'ALLOWED_PRIVATE_HOSTS', 'INTEGRATIONS', 'MAX_BODY_BYTES', 'ADMIN_TOKEN'])

/** Why a binding name may not hold an integration's secret, or undefined when it may. */
export function secretNameProblem(name: string): string | undefined {
  if (!SECRET_NAME.test(name)) return 'a Worker Secret name is upper-case letters, digits and _ (e.g. OPENAI_PROD_KEY)'
  if (RESERVED.has(name) || name.endsWith('_KV') || name.endsWith('_DO')) return `${name} is a gateway binding, not a provider secret`
  return undefined
}

const secretName = v.pipe(v.string(), v.rawCheck(({ dataset, addIssue }) => {
  const problem = dataset.typed ? secretNameProblem(dataset.value) : undefined
  if (problem) addIssue({ message: problem })
}))

const schema = v.strictObject(
  {
    provider: v.pipe(v.string(), v.check((value) => canonicalProvider(value) !== undefined, (issue) => unknownProviderMessage(String(issue.input)))),
    secret: v.optional(secretName),
    custom_host: v.optional(v.pipe(v.string(), v.check((value) => parseHttpUrl(value) !== undefined, 'expected an absolute http(s) URL'))),
    options: v.optional(v.record(v.string(), v.string())),
    secrets: v.optional(v.record(v.string(), secretName)),
    name: v.optional(v.string()),
    description: v.optional(v.string()),
  },
  (issue) => (issue.expected === 'never' ? `unknown key '${String(issue.input)}'${suggestionSuffix(String(issue.input), ['provider', 'secret', 'custom_host', 'options', 'secrets'])}` : `expected an object`),
)

/** Validates an integration (snake_case or camelCase keys); the admin API uses it for writes. */
export function validateIntegration(slug: string, json: unknown): { ok: true; integration: Integration } | { ok: false; issues: ConfigIssue[] } {
  const parsed = v.safeParse(schema, snakeKeys(json))
  if (!parsed.success) return { ok: false, issues: parsed.issues.map((issue) => ({ path: issuePath(issue, 'integration'), message: issue.message })) }
  const { provider, secret, custom_host, options = {}, secrets = {} } = parsed.output
  const issues: ConfigIssue[] = []
  const integration: Integration = { slug, provider: canonicalProvider(provider)!, options: {}, secrets: {} }
  if (secret !== undefined) integration.secret = secret
  if (custom_host !== undefined) integration.customHost = custom_host
  for (const [key, value] of Object.entries(options)) {
    const option = optionName(key, `integration.options.${key}`, issues)
    if (option === undefined) continue
    if (isSecretOption(option)) issues.push({ path: `integration.options.${key}`, message: 'is a credential: name its Worker Secret under secrets instead' })
    const problem = optionValueProblem(option, value)
    if (problem) issues.push({ path: `integration.options.${key}`, message: problem })
    integration.options[option] = value
  }
  for (const [key, name] of Object.entries(secrets)) {
    const option = optionName(key, `integration.secrets.${key}`, issues)
    if (option !== undefined) integration.secrets[option] = name
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, integration }
}

function optionName(key: string, path: string, issues: ConfigIssue[]): string | undefined {
  const option = OPTION_BY_CONFIG_KEY.get(snakeCase(key))
  if (option === undefined) issues.push({ path, message: `unknown provider option '${key}'${suggestionSuffix(key, OPTION_BY_CONFIG_KEY.keys())}` })
  return option
}

function snakeKeys(json: unknown): unknown {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return json
  return Object.fromEntries(Object.entries(json).map(([key, value]) => [snakeCase(key), value]))
}
