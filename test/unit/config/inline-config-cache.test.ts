import { describe, expect, test } from 'vitest'
import { selectConfig } from '../../../worker/config/config-source'
import { BoundedMap } from '../../../worker/config/bounded-map'
import { inlineConfigs } from '../../../worker/config/inline-config-cache'
import type { NormalisedConfig } from '../../../worker/config/normalised-config'
import { readPortkeyHeaders } from '../../../worker/config/read-portkey-headers'

const headersWith = (config: string) => readPortkeyHeaders(new Headers({ 'x-portkey-config': config }))

describe('inline config cache', () => {
  test('the same config text is validated once and the same normalised config comes back', async () => {
    const text = JSON.stringify({ strategy: { mode: 'fallback' }, targets: [{ provider: 'openai', api_key: 'sk-a' }, { provider: 'anthropic', api_key: 'sk-b' }] })
    const first = await selectConfig(undefined, undefined, headersWith(text), {})
    const second = await selectConfig(undefined, undefined, headersWith(text), {})
    expect(second.config).toBe(first.config)
    expect(second.trusted).toBe(false)
  })

  test('an invalid config is refused every time and never kept', async () => {
    const before = inlineConfigs.size
    const text = JSON.stringify({ strategy: { mode: 'sideways' }, targets: [] })
    for (let round = 0; round < 2; round++) {
      await expect(selectConfig(undefined, undefined, headersWith(text), {})).rejects.toMatchObject({ status: 400, code: 'invalid_config' })
    }
    expect(inlineConfigs.size).toBe(before)
  })

  test('stays bounded: past its size the oldest config goes first', () => {
    const cache = new BoundedMap<string, NormalisedConfig>(2)
    cache.set('a', { options: {} })
    cache.set('b', { options: {} })
    cache.set('c', { options: {} })
    expect(cache.size).toBe(2)
    expect(cache.get('a')).toBeUndefined()
    expect(cache.get('c')).toBeDefined()
  })
})
