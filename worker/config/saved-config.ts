import { badRequest } from '../http/errors'
import type { Env } from '../platform/env'
import { CONFIG_ID_PATTERN } from './ids'
import { readMemoised } from './kv-memo'
import type { NormalisedConfig } from './normalised-config'
import { describeConfigIssues, validateConfig } from './validate-config'

type Loaded = { ok: true; config: NormalisedConfig } | { ok: false; message: string }

/** Loads and validates the saved config `config:<id>` from KV (memoised per isolate). */
export async function loadSavedConfig(id: string, env: Env, param: string, now?: () => number): Promise<NormalisedConfig> {
  if (!CONFIG_ID_PATTERN.test(id)) {
    throw badRequest(`Invalid config id '${id.slice(0, 40)}': expected a JSON object or an id of letters, digits and _ . : - (at most 128).`, param, 'invalid_config')
  }
  if (!env.CONFIGS) throw badRequest(`Config '${id}' not found: this gateway has no config store (KV binding CONFIGS).`, param, 'config_not_found')
  const loaded = await readMemoised(env.CONFIGS, `config:${id}`, (text) => parse(id, text), now)
  if (loaded === undefined) throw badRequest(`Config '${id}' not found.`, param, 'config_not_found')
  if (!loaded.ok) throw badRequest(loaded.message, param, 'invalid_saved_config')
  return loaded.config
}

function parse(id: string, text: string): Loaded {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, message: `Saved config '${id}' is not valid JSON.` }
  }
  const result = validateConfig(json)
  return result.ok ? result : { ok: false, message: `Saved config '${id}' is invalid: ${describeConfigIssues(result.issues)}` }
}
