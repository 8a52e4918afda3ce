import { afterAll, beforeAll, expect, test } from 'vitest'
import { startGateway, type Gateway } from '../helpers/gateway'

let gateway: Gateway
beforeAll(async () => { gateway = await startGateway() })
afterAll(async () => { await gateway?.dispose() })

test('answers an unknown endpoint with a 404 in the OpenAI envelope', async () => {
  const response = await fetch(`${gateway.url}/v1/nope`)
  expect(response.status).toBe(404)
  const body = await response.json()
  expect(body.error.message).toContain('/v1/nope')
})
