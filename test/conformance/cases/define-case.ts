import { test } from 'vitest'
import type { CaseId, ProviderDriver } from '../driver'

/** Registers a case, or a skipped test whose title carries the driver's reason for skipping it. */
export function conformanceCase(driver: ProviderDriver, id: CaseId | undefined, title: string, body: () => Promise<void>): void {
  const reason = id ? driver.skips?.[id] : undefined
  if (reason) test.skip(`${title} (skipped: ${reason})`, body)
  else test(title, body)
}
