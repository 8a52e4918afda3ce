import { badRequest } from '../http/errors'
import type { ConfigIssue } from './config-keys'
import type { PlanNode, StrategyNode } from './plan'

/** What a condition's query can look at: `metadata.<key>` (x-portkey-metadata) and `params.<key>` (the body). */
export interface ConditionContext {
  metadata: Record<string, unknown>
  params: Record<string, unknown>
}

const COMPARISONS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$regex'])

/**
 * Whether a conditional-router query holds: every key must hold; a key is `$and`/`$or` over
 * sub-queries, or a dotted path (`metadata.user_plan`, `params.model`) compared with a value
 * (equality) or with an operator object (`{ "$gte": 10 }`).
 * @see https://portkey.ai/docs/product/ai-gateway/conditional-routing
 */
export function evaluateQuery(query: Record<string, unknown>, context: ConditionContext): boolean {
  for (const [key, expected] of Object.entries(query)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(expected) || !expected.every(isPlainObject)) throw badRequest(`Condition operator ${key} needs an array of queries.`, null, 'invalid_condition')
      const results = expected.map((sub) => evaluateQuery(sub, context))
      if (key === '$and' ? !results.every(Boolean) : !results.some(Boolean)) return false
      continue
    }
    if (key.startsWith('$')) throw badRequest(`Unsupported condition operator ${key} at the top of a query.`, null, 'invalid_condition')
    const actual = lookup(context, key)
    if (isPlainObject(expected)) {
      for (const [operator, operand] of Object.entries(expected)) if (!compare(operator, actual, operand)) return false
    } else if (actual !== expected) {
      return false
    }
  }
  return true
}

/**
 * The child a conditional node routes to: the first condition that holds names it (`then`),
 * else `default`; a 400 when neither applies.
 */
export function pickConditionalChild(node: StrategyNode, context: ConditionContext): PlanNode {
  const matched = node.conditions?.find((condition) => evaluateQuery(condition.query, context))
  const name = matched?.then ?? node.default
  if (name === undefined) throw badRequest(`No condition matched at ${node.path} and it has no default.`, node.path, 'no_condition_matched')
  const child = node.children.find((candidate) => candidate.name === name)
  if (!child) throw badRequest(`The conditional router at ${node.path} names a target '${name}' that does not exist.`, node.path, 'invalid_condition')
  return child
}

/** The problems of a query, for config validation (unknown operators, bad operands, bad paths). */
export function queryProblems(query: Record<string, unknown>, path: string): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  for (const [key, expected] of Object.entries(query)) {
    const at = `${path}.${key}`
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(expected)) {
        issues.push({ path: at, message: `${key} needs an array of queries` })
        continue
      }
      expected.forEach((sub, index) => {
        if (isPlainObject(sub)) issues.push(...queryProblems(sub, `${at}[${index}]`))
        else issues.push({ path: `${at}[${index}]`, message: 'expected a query object' })
      })
    } else if (key.startsWith('$')) {
      issues.push({ path: at, message: `unsupported operator ${key} here; use $and or $or, or a field path` })
    } else {
      if (!/^(metadata|params)\.[^.]/.test(key)) issues.push({ path: at, message: "a field path starts with 'metadata.' or 'params.'" })
      if (isPlainObject(expected)) issues.push(...operatorProblems(expected, at))
    }
  }
  return issues
}

function operatorProblems(operators: Record<string, unknown>, path: string): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  for (const [operator, operand] of Object.entries(operators)) {
    const at = `${path}.${operator}`
    if (!COMPARISONS.has(operator)) issues.push({ path: at, message: `unsupported operator; use one of ${[...COMPARISONS].join(' ')}` })
    else if ((operator === '$in' || operator === '$nin') && !Array.isArray(operand)) issues.push({ path: at, message: 'needs an array' })
    else if (operator === '$regex' && !isValidRegex(operand)) issues.push({ path: at, message: 'needs a valid regular expression string' })
  }
  return issues
}

function compare(operator: string, actual: unknown, operand: unknown): boolean {
  switch (operator) {
    case '$eq':
      return actual === operand
    case '$ne':
      return actual !== operand
    // Portkey compares numerically (parseFloat on both sides); a non-number never matches.
    case '$gt':
      return toNumber(actual) > toNumber(operand)
    case '$gte':
      return toNumber(actual) >= toNumber(operand)
    case '$lt':
      return toNumber(actual) < toNumber(operand)
    case '$lte':
      return toNumber(actual) <= toNumber(operand)
    case '$in':
      return Array.isArray(operand) && operand.includes(actual)
    case '$nin':
      return Array.isArray(operand) && !operand.includes(actual)
    case '$regex':
      return actual !== undefined && actual !== null && isValidRegex(operand) && new RegExp(operand).test(String(actual))
    default:
      throw badRequest(`Unsupported condition operator ${operator}.`, null, 'invalid_condition')
  }
}

function lookup(context: ConditionContext, path: string): unknown {
  let value: unknown = context
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined
    value = Object.hasOwn(value, part) ? (value as Record<string, unknown>)[part] : undefined
  }
  return value
}

function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : typeof value === 'string' ? Number.parseFloat(value) : Number.NaN
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function isValidRegex(pattern: unknown): pattern is string {
  if (typeof pattern !== 'string') return false
  try {
    new RegExp(pattern)
    return true
  } catch {
    return false
  }
}
