import { badRequest } from '../http/errors'
import type { Env } from '../platform/env'
import { splitSlugModel } from './ids'
import type { NormalisedConfig } from './normalised-config'
import type { PortkeyHeaders } from './read-portkey-headers'
import { inlineConfigs } from './inline-config-cache'
import { parseConfigJson } from './parse-config-json'
import { loadSavedConfig } from './saved-config'
import { describeConfigIssues, validateConfig } from './validate-config'

export interface ConfigSource {
  config: NormalisedConfig
  /** From the operator's store (KV): its hosts are trusted. */
  trusted: boolean
  configId?: string
}

/**
 * Picks the request's config, first match wins: the legacy body `config`, the x-portkey-config
 * header (JSON, or a saved-config id), else plain headers (an empty config whose one target
 * takes its identity from x-portkey-provider, x-portkey-virtual-key or an `@slug/model` model).
 */
export async function selectConfig(bodyConfig: unknown, bodyModel: string | undefined, headers: PortkeyHeaders, env: Env, now?: () => number): Promise<ConfigSource> {
  if (bodyConfig !== undefined && bodyConfig !== null) return fromValue(bodyConfig, 'config', env, now)
  if (headers.config !== undefined) return fromValue(headers.config, 'x-portkey-config', env, now)
  if (headers.provider !== undefined || headers.virtualKey !== undefined || splitSlugModel(bodyModel)) {
    return { config: { options: {} }, trusted: false }
  }
  throw badRequest(
    'Missing routing: send the x-portkey-provider header (with Authorization: Bearer <provider key>), or x-portkey-config (a config JSON or a saved config id).',
    'x-portkey-provider',
    'missing_config',
  )
}

async function fromValue(value: unknown, param: string, env: Env, now?: () => number): Promise<ConfigSource> {
  if (typeof value !== 'string') return { config: checked(value, param), trusted: false }
  const text = value.trim()
  if (!text.startsWith('{')) {
    return { config: await loadSavedConfig(text, env, param, now), trusted: true, configId: text }
  }
  const cached = inlineConfigs.get(text)
  if (cached) return { config: cached, trusted: false }
  const parsed = parseConfigJson(text)
  if (!parsed.ok) throw badRequest(`Invalid ${param}: not valid JSON (${parsed.message}).`, param, 'invalid_config')
  const config = checked(parsed.value, param)
  inlineConfigs.set(text, config)
  return { config, trusted: false }
}

function checked(json: unknown, param: string): NormalisedConfig {
  const result = validateConfig(json)
  if (result.ok) return result.config
  throw badRequest(`Invalid config (${param}): ${describeConfigIssues(result.issues)}`, result.issues[0]?.path ?? param, 'invalid_config')
}
