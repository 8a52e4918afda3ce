import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { ANTHROPIC_EMULATOR_KEY, startAnthropicEmulator } from '../emulators/anthropic'
import type { Emulator } from '../emulators/core'
import { GEMINI_EMULATOR_KEY, startGeminiEmulator } from '../emulators/gemini'
import { startOpenAIEmulator } from '../emulators/openai'
import { STABILITY_EMULATOR_KEY, startStabilityEmulator } from '../emulators/stability'
import { startGateway, type Gateway } from '../helpers/gateway'

// The world the four seed documents (/work/shared/seeds) assume, with emulators in place of the
// providers: the integrations ("Model Catalog" providers, virtual keys) and the saved config they
// name, a gateway key for the examples that send one, and every provider host routed to its
// emulator, so that inline configs without a custom host reach the emulators unchanged.

/** The keys the seed examples hold, as their readers would have them. */
export const KEYS = {
  portkey: `usk_${'S'.repeat(40)}`,
  openai: 'sk-openai-seed-key-0001',
  gemini: GEMINI_EMULATOR_KEY,
  anthropic: ANTHROPIC_EMULATOR_KEY,
  stability: STABILITY_EMULATOR_KEY,
}

/** The saved config of seed 000 ("grab the Config ID"). */
export const CONFIG_ID = 'pc-stable-to-dalle'

export interface SeedWorld {
  gateway: Gateway
  openai: Emulator
  gemini: Emulator
  anthropic: Emulator
  stability: Emulator
}

/** Starts the emulators and one gateway for the seed tests, as beforeAll/afterAll of the caller. */
export function useSeedWorld(): () => SeedWorld {
  let world: SeedWorld | undefined
  beforeAll(async () => {
    const [openai, gemini, anthropic, stability] = await Promise.all([
      startOpenAIEmulator({ apiKey: KEYS.openai }),
      startGeminiEmulator(),
      startAnthropicEmulator(),
      startStabilityEmulator(),
    ])
    const gateway = await startGateway({
      secrets: { OPENAI_PROD_KEY: KEYS.openai, STABILITY_PROD_KEY: KEYS.stability, GOOGLE_VK_KEY: KEYS.gemini, ANTHROPIC_VK_KEY: KEYS.anthropic },
      kv: {
        'integration:stability-prod': { provider: 'stability-ai', secret: 'STABILITY_PROD_KEY', custom_host: stability.url },
        'integration:openai-prod': { provider: 'openai', secret: 'OPENAI_PROD_KEY', custom_host: `${openai.url}/v1` },
        'integration:google-virtual-key': { provider: 'google', secret: 'GOOGLE_VK_KEY', custom_host: gemini.url },
        'integration:anthropic-virtual-key': { provider: 'anthropic', secret: 'ANTHROPIC_VK_KEY', custom_host: anthropic.url },
        [`config:${CONFIG_ID}`]: {
          strategy: { mode: 'fallback' },
          targets: [
            { override_params: { model: '@stability-prod/stable-diffusion-v1-6' } },
            { override_params: { model: '@openai-prod/dall-e-3' } },
          ],
        },
        [`key:${createHash('sha256').update(KEYS.portkey).digest('hex')}`]: {
          id: 'key_seeds', name: 'seed examples', prefix: KEYS.portkey.slice(0, 12), browser: false, created_at: '2026-01-01T00:00:00Z', policy: {},
        },
      },
      hostRoutes: {
        'https://api.openai.com': openai.url,
        'https://generativelanguage.googleapis.com': gemini.url,
        'https://api.anthropic.com': anthropic.url,
        'https://api.stability.ai': stability.url,
      },
    })
    world = { gateway, openai, gemini, anthropic, stability }
  }, 60_000)
  afterAll(async () => {
    if (!world) return
    await world.gateway.dispose()
    await Promise.all([world.openai, world.gemini, world.anthropic, world.stability].map((emulator) => emulator.close()))
  })
  beforeEach(() => {
    for (const emulator of [world!.openai, world!.gemini, world!.anthropic, world!.stability]) emulator.reset()
  })
  return () => world!
}

export interface CurlResult {
  status: number
  headers: Record<string, string>
  json: any
}

/**
 * Runs a seed's curl command with bash and the real curl, with `-sS -i` added so that the status
 * and headers can be read. `env` holds the shell variables the command expands.
 */
export async function runCurl(command: string, env: Record<string, string> = {}): Promise<CurlResult> {
  const { stdout } = await promisify(execFile)('bash', ['-c', `${command} -sS -i`], { env: { ...process.env, ...env }, maxBuffer: 1 << 20 })
  const [head, ...rest] = stdout.split(/\r?\n\r?\n/)
  const [statusLine, ...headerLines] = head.split(/\r?\n/)
  const headers = Object.fromEntries(headerLines.map((line) => {
    const colon = line.indexOf(':')
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]
  }))
  return { status: Number(statusLine.split(' ')[1]), headers, json: JSON.parse(rest.join('\n\n')) }
}
