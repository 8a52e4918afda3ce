/** Saved-config ids (`x-portkey-config: pc-abc123`, KV key `config:<id>`). */
export const CONFIG_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/

/** Integration slugs (`virtual_key`, `provider: "@slug"`, `model: "@slug/model"`). */
export const INTEGRATION_SLUG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/

/** Splits `@slug/model` into its parts, or undefined for any other model name. */
export function splitSlugModel(model: unknown): { slug: string; model: string } | undefined {
  if (typeof model !== 'string' || !model.startsWith('@')) return undefined
  const slash = model.indexOf('/')
  if (slash < 2 || slash === model.length - 1) return undefined
  return { slug: model.slice(1, slash), model: model.slice(slash + 1) }
}
