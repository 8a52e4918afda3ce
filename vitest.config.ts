import { defineConfig } from 'vitest/config'

// Unit tests run in Node (the code under test uses only Web APIs); worker and e2e tests run the
// built bundle inside workerd through Miniflare (test/helpers/gateway.ts).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default'],
  },
})
