import { BoundedMap } from './bounded-map'
import type { NormalisedConfig } from './normalised-config'

/** Distinct inline configs kept per isolate; the oldest goes first. */
const MAX_ENTRIES = 256

/**
 * Validated inline configs (x-portkey-config JSON), by their exact text. An application sends the
 * same config on every request: parsing and validating it once per isolate takes that work off
 * the hot path. Only valid configs are kept, and a normalised config is never changed after
 * validation (saved configs are shared across requests the same way).
 */
export const inlineConfigs = new BoundedMap<string, NormalisedConfig>(MAX_ENTRIES)
