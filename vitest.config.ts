import { defineConfig } from 'vitest/config'

// The measured run: unit, property and vector tests. Browser tests (*.browser.test.ts) need the
// built site and run apart (vitest.browser.config.ts).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.browser.test.ts', 'node_modules/**'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['spec/**/*.ts', 'src/**/*.ts'],
      reporter: ['json-summary', 'text-summary'],
      reportsDirectory: '.filspec/measure/coverage',
    },
  },
})
