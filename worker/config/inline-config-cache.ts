import type { NormalisedConfig } from './normalised-config'

/** Distinct inline configs kept per isolate; the oldest goes first. */
const MAX_ENTRIES = 256

/**
 * Validated inline configs (x-portkey-config JSON), by their exact text. An application sends the
 * same config on every request: parsing and validating it once per isolate takes that work off
 * the hot path. Only valid configs are kept, and a normalised config is never changed after
 * validation (saved configs are shared across requests the same way).
 */
export class InlineConfigCache {
  private readonly entries = new Map<string, NormalisedConfig>()

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  get(text: string): NormalisedConfig | undefined {
    return this.entries.get(text)
  }

  set(text: string, config: NormalisedConfig): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
    this.entries.set(text, config)
  }

  get size(): number {
    return this.entries.size
  }
}

export const inlineConfigs = new InlineConfigCache()
