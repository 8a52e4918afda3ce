import { getDotPath, type BaseIssue } from 'valibot'

/** `messages[0].role`-style path of a valibot issue, prefixed with `root` when given. */
export function issuePath(issue: BaseIssue<unknown>, root = ''): string {
  let path = root
  for (const item of issue.path ?? []) {
    const key = item.key
    if (typeof key === 'number') path += `[${key}]`
    else path += path === '' ? String(key) : `.${String(key)}`
  }
  return path || getDotPath(issue) || root
}

/** One line per issue, `path: message`, joined with `; `. */
export function describeIssues(issues: readonly BaseIssue<unknown>[], root = ''): string {
  return issues.map((issue) => `${issuePath(issue, root) || '(body)'}: ${issue.message}`).join('; ')
}
