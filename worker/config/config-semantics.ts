import type { ConfigIssue } from './config-keys'
import type { SnakeNode } from './config-schema'
import { queryProblems } from './conditional'
import { suggestionSuffix } from './did-you-mean'
import { OPTION_BY_CONFIG_KEY } from './provider-option-names'

/** How deep `targets` may nest below the root. */
export const MAX_DEPTH = 10
/** How many leaf targets one config may have. */
export const MAX_LEAVES = 100

/** The problems a schema cannot see: conditions naming targets, limits, options set twice. */
export function semanticIssues(root: SnakeNode): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  let leaves = 0
  const walk = (node: SnakeNode, path: string, depth: number): void => {
    if (depth > MAX_DEPTH) {
      issues.push({ path, message: `targets nest more than ${MAX_DEPTH} levels deep` })
      return
    }
    issues.push(...optionsSetTwice(node, path))
    if (node.targets === undefined) {
      leaves++
      if (node.strategy) issues.push({ path: `${path}.strategy`, message: "a strategy needs 'targets'" })
      return
    }
    issues.push(...childIssues(node, path))
    node.targets.forEach((child, index) => walk(child, `${path}.targets[${index}]`, depth + 1))
  }
  walk(root, 'config', 0)
  if (leaves > MAX_LEAVES) issues.push({ path: 'config', message: `has ${leaves} targets; at most ${MAX_LEAVES} are allowed` })
  return issues
}

function childIssues(node: SnakeNode, path: string): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  const targets = node.targets ?? []
  const names = new Set<string>()
  targets.forEach((child, index) => {
    if (child.name === undefined) return
    if (names.has(child.name)) issues.push({ path: `${path}.targets[${index}].name`, message: `'${child.name}' names another target of the same strategy` })
    names.add(child.name)
  })
  const strategy = node.strategy
  if (strategy?.mode === 'loadbalance' && targets.every((child) => child.weight === 0)) {
    issues.push({ path: `${path}.targets`, message: 'loadbalance needs at least one target with a weight above 0' })
  }
  if (strategy?.mode !== 'conditional') return issues
  const at = `${path}.strategy`
  if (!strategy.conditions?.length) issues.push({ path: `${at}.conditions`, message: "mode 'conditional' needs at least one condition" })
  strategy.conditions?.forEach((condition, index) => {
    issues.push(...queryProblems(condition.query, `${at}.conditions[${index}].query`))
    if (!names.has(condition.then)) issues.push({ path: `${at}.conditions[${index}].then`, message: noTarget(condition.then, names) })
  })
  if (strategy.default !== undefined && !names.has(strategy.default)) issues.push({ path: `${at}.default`, message: noTarget(strategy.default, names) })
  return issues
}

function noTarget(name: string, names: Set<string>): string {
  return `no target is named '${name}'${suggestionSuffix(name, names)}`
}

function optionsSetTwice(node: SnakeNode, path: string): ConfigIssue[] {
  const seen = new Map<string, string>()
  const issues: ConfigIssue[] = []
  for (const key of Object.keys(node)) {
    const option = OPTION_BY_CONFIG_KEY.get(key)
    if (option === undefined) continue
    const earlier = seen.get(option)
    if (earlier !== undefined) issues.push({ path: `${path}.${key}`, message: `'${earlier}' and '${key}' set the same option; set it once` })
    else seen.set(option, key)
  }
  return issues
}
