import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// Mutation runs (npm run mutate) use the in-process tests only: tests that spawn `mingyan` child processes
// cannot report per-test coverage to Stryker and would run for every mutant.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        'test/start-e2e.test.ts',
        'test/secrets-canary.test.ts',
        'test/schedule-process.test.ts',
        'test/cli-batch.test.ts',
        'node_modules/**',
      ],
    },
  }),
);
