import { defineConfig } from 'vitest/config'

// Browser tests: they drive chromium (playwright-core) against the built site, so they need
// `make docs` first and run apart from the measured run (vitest.config.ts).
export default defineConfig({
  test: {
    include: ['test/src/site/**/*.browser.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One browser at a time: the tests share one chromium and one server per file.
    fileParallelism: false,
  },
})
