import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Emulator } from '../emulators/core'
import { startOpenAIEmulator } from '../emulators/openai'
import { startGateway, type Gateway } from '../helpers/gateway'
import { CANARY, KEYS_ENABLED, gatewayKey, keyEntries } from '../e2e/auth/auth-fixtures'

const CHROMIUM = '/usr/bin/chromium'
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
const SCREENSHOT = '/tmp/understudy-browser-stream.png'
const BROWSER_KEY = gatewayKey('browser-page')

// In CI the browser must run; locally it is skipped only when Debian's chromium is not installed.
const runnable = existsSync(CHROMIUM) || Boolean(process.env.CI)
if (!runnable) console.warn(`test/browser skipped: ${CHROMIUM} is not installed (apt-get install chromium); in CI it always runs.`)

/**
 * The page a web app would ship: it calls the gateway with its browser key, streams the chat
 * completion with fetch and a ReadableStream reader, and shows the text as it arrives.
 */
function page(gatewayUrl: string): string {
  return `<!doctype html><meta charset="utf-8"><title>understudy browser key</title>
<style>body{font:16px system-ui;margin:24px}pre{font-size:20px;background:#eef;padding:12px}</style>
<h1>Streaming through understudy</h1><p id="origin"></p><pre id="out"></pre><p id="status">running</p>
<script>
document.getElementById('origin').textContent = 'page origin: ' + location.origin
window.result = (async () => {
  const out = document.getElementById('out')
  const response = await fetch(${JSON.stringify(gatewayUrl)} + '/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-portkey-api-key': ${JSON.stringify(BROWSER_KEY)}, 'x-portkey-config': 'chat' },
    body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
  })
  const trace = response.headers.get('x-portkey-trace-id')
  if (!response.ok) {
    const error = (await response.json()).error
    document.getElementById('status').textContent = 'refused: ' + response.status + ' ' + error.code
    return { status: response.status, code: error.code, message: error.message, trace }
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = '', text = '', reads = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    reads++
    buffer += value
    const events = buffer.split('\\n\\n')
    buffer = events.pop()
    for (const event of events) {
      const data = event.replace(/^data: /, '')
      if (data === '[DONE]') continue
      text += JSON.parse(data).choices[0]?.delta?.content ?? ''
      out.textContent = text
    }
  }
  document.getElementById('status').textContent = 'done: ' + response.status
  return { status: response.status, text, reads, trace }
})().catch((error) => ({ status: 0, failure: String(error) }))
</script>`
}

let upstream: Emulator
let gateway: Gateway
let site: http.Server
let sitePort: number
let context: BrowserContext
let profile: string

describe.skipIf(!runnable)('a browser key in a real browser (Chromium)', () => {
  beforeAll(async () => {
    upstream = await startOpenAIEmulator()
    site = http.createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      response.end(page(gateway.url))
    })
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
    sitePort = (site.address() as AddressInfo).port
    gateway = await startGateway({
      secrets: { PRIMARY_KEY: CANARY },
      kv: {
        ...KEYS_ENABLED,
        'integration:primary': { provider: 'openai', secret: 'PRIMARY_KEY', custom_host: `${upstream.url}/v1` },
        'config:chat': { virtual_key: 'primary' },
        ...keyEntries(BROWSER_KEY, { id: 'key_00000000000000e1', browser: true, policy: { origins: [`http://127.0.0.1:${sitePort}`], configs: ['chat'] } }),
      },
    })
    profile = await mkdtemp(join(tmpdir(), 'understudy-chromium-'))
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS })
  }, 60_000)

  afterAll(async () => {
    await context?.close()
    if (profile) await rm(profile, { recursive: true, force: true })
    await new Promise((resolve) => site?.close(resolve))
    await gateway?.dispose()
    await upstream?.close()
  })

  test('a page on an allowed origin streams a chat completion from the gateway on another origin', async () => {
    // Events 40 ms apart: the page must see them arrive one by one, not as one buffered body.
    upstream.enqueue({ delayBetweenEventsMs: 40 })
    const tab = await context.newPage()
    await tab.goto(`http://127.0.0.1:${sitePort}/`)
    const result = await tab.evaluate(() => (window as any).result)
    expect(result).toMatchObject({ status: 200, text: 'Hello from the emulator!' })
    expect(result.reads).toBeGreaterThan(1)
    // The trace header is exposed to the page (Access-Control-Expose-Headers).
    expect(result.trace).toMatch(/.+/)
    expect(await tab.textContent('#out')).toBe('Hello from the emulator!')
    await tab.screenshot({ path: SCREENSHOT })
    expect(upstream.requests[0].headers.authorization).toBe(`Bearer ${CANARY}`)
    await tab.close()
  })

  test('the same page on a disallowed origin is refused with a 403 it can read', async () => {
    upstream.reset()
    const tab = await context.newPage()
    // localhost:<port> is another origin than 127.0.0.1:<port>.
    await tab.goto(`http://localhost:${sitePort}/`)
    const result = await tab.evaluate(() => (window as any).result)
    expect(result).toMatchObject({ status: 403, code: 'origin_not_allowed' })
    expect(result.message).toContain(`http://localhost:${sitePort}`)
    expect(await tab.textContent('#status')).toBe('refused: 403 origin_not_allowed')
    await tab.screenshot({ path: SCREENSHOT.replace('.png', '-refused.png') })
    expect(upstream.requests).toHaveLength(0)
    await tab.close()
  })

  test('neither the stored key nor the browser key appears in a Worker log line', () => {
    for (const line of gateway.logs) {
      expect(line).not.toContain(CANARY)
      expect(line).not.toContain(BROWSER_KEY)
    }
  })
})
