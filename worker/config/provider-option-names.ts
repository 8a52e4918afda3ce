/**
 * Provider options a target may carry, keyed by their `ProviderOptions` name. The header is
 * `x-portkey-<kebab-case name>` and the config key `<snake_case name>` (both as in Portkey's
 * gateway, src/handlers/handlerUtils.ts constructConfigFromRequestHeaders).
 */
interface OptionSpec {
  /** Resolved from a Worker Secret or a caller header; never logged or echoed. */
  secret?: boolean
  /** Values that end up inside a host name must match, so that no value can redirect a request. */
  pattern?: RegExp
  /** Config keys Portkey also accepts for this option (Azure targets use `resource_name`, ...). */
  configAliases?: string[]
}

const HOST_LABEL = /^[A-Za-z0-9-]{1,63}$/

export const PROVIDER_OPTIONS: Record<string, OptionSpec> = {
  azureResourceName: { pattern: HOST_LABEL, configAliases: ['resource_name'] },
  azureDeploymentId: { configAliases: ['deployment_id'] },
  azureApiVersion: { configAliases: ['api_version'] },
  azureAuthMode: {},
  azureModelName: {},
  azureAdToken: { secret: true },
  azureEntraClientId: {},
  azureEntraClientSecret: { secret: true },
  azureEntraTenantId: {},
  azureEntraScope: {},
  azureManagedClientId: {},
  azureWorkloadClientId: {},
  openaiOrganization: {},
  openaiProject: {},
  openaiBeta: {},
  anthropicVersion: {},
  anthropicBeta: {},
  vertexProjectId: {},
  vertexRegion: { pattern: HOST_LABEL },
  vertexServiceAccountJson: { secret: true },
  vertexStorageBucketName: {},
  awsAccessKeyId: {},
  awsSecretAccessKey: { secret: true },
  awsSessionToken: { secret: true },
  awsRegion: { pattern: HOST_LABEL },
  awsRoleArn: {},
  awsExternalId: {},
  awsAuthType: {},
  stabilityClientId: {},
  stabilityClientUserId: {},
  stabilityClientVersion: {},
  fireworksAccountId: {},
  mistralFimCompletion: {},
}

/** `azureResourceName` → `azure-resource-name` (the header suffix after `x-portkey-`). */
export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)
}

/** `azureResourceName` → `azure_resource_name`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
}

/** `x-portkey-` header suffix → option name. */
export const OPTION_BY_HEADER: ReadonlyMap<string, string> = new Map(
  Object.keys(PROVIDER_OPTIONS).map((option) => [kebabCase(option), option]),
)

/** snake_case config key (and Portkey's aliases) → option name. */
export const OPTION_BY_CONFIG_KEY: ReadonlyMap<string, string> = new Map(
  Object.entries(PROVIDER_OPTIONS).flatMap(([option, spec]) => [
    [snakeCase(option), option] as [string, string],
    ...(spec.configAliases ?? []).map((alias) => [alias, option] as [string, string]),
  ]),
)

/** Whether an option holds a credential. */
export function isSecretOption(option: string): boolean {
  return PROVIDER_OPTIONS[option]?.secret === true
}

/** A problem with an option's value, or undefined when it is acceptable. */
export function optionValueProblem(option: string, value: string): string | undefined {
  if (value === '') return 'must not be empty'
  const pattern = PROVIDER_OPTIONS[option]?.pattern
  if (pattern && !pattern.test(value)) return 'may contain only letters, digits and hyphens'
  return undefined
}
