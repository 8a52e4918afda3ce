import OpenAI from 'openai'
import { createHeaders } from 'portkey-ai'
import { afterAll, beforeAll } from 'vitest'
import type { Emulator } from '../emulators/core'
import type { Transcript } from '../emulators/scenarios'
import { startGateway, type Gateway } from '../helpers/gateway'
import type { ProviderDriver, StartedProvider } from './driver'

/** One provider as a case sees it: its emulator, its driver and an SDK client reaching it through the gateway. */
export interface ProviderUnderTest {
  driver: ProviderDriver
  started: StartedProvider
  emulator: Emulator
  /** The official SDK pointed at the gateway, routed to this provider's integration. */
  client: OpenAI
  gateway: Gateway
  /** Every secret value the gateway holds for this provider (must never reach a caller). */
  secretValues: string[]
}

/**
 * Starts every driver's emulator and ONE gateway in workerd with an integration per provider
 * (`conformance-<index>`), registered as beforeAll/afterAll of the calling test file.
 */
export function useConformanceGateway(drivers: ProviderDriver[]): (driver: ProviderDriver) => ProviderUnderTest {
  const providers = new Map<string, ProviderUnderTest>()
  let gateway: Gateway | undefined
  beforeAll(async () => {
    const started = await Promise.all(drivers.map((driver) => driver.start()))
    const kv: Record<string, object> = {}
    const secrets: Record<string, string> = {}
    started.forEach((provider, index) => {
      kv[`integration:conformance-${index}`] = provider.integration
      Object.assign(secrets, provider.secrets)
    })
    gateway = await startGateway({ kv, secrets })
    drivers.forEach((driver, index) => {
      const client = new OpenAI({
        apiKey: 'X',
        baseURL: `${gateway!.url}/v1`,
        maxRetries: 0,
        defaultHeaders: createHeaders({ virtualKey: `conformance-${index}` }),
      })
      const provider = started[index]
      providers.set(driver.name, { driver, started: provider, emulator: provider.emulator, client, gateway: gateway!, secretValues: Object.values(provider.secrets) })
    })
  }, 60_000)
  afterAll(async () => {
    await gateway?.dispose()
    await Promise.all([...providers.values()].map((provider) => provider.started.close()))
  })
  return (driver) => {
    const provider = providers.get(driver.name)
    if (!provider) throw new Error(`${driver.name} was not started`)
    provider.emulator.reset()
    return provider
  }
}

/** The Transcript an `#echo` answer carries. */
export function transcriptOf(content: string | null | undefined): Transcript {
  if (!content) throw new Error('the echo answer has no content')
  return JSON.parse(content) as Transcript
}
