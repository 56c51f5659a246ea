import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The tests a mutation run uses for each core folder: that folder's own test files. Fewer files per mutant
 * is what makes a run finish on two cores (the scheduler's tests, which drive the store too, tick minute by
 * minute and would take a minute per mutant). Tests that spawn `mingyan` processes cannot report per-test coverage to Stryker.
 * tools/mutate.ts sets MINGYAN_MUTATE_FOLDERS; without it, every in-process test file runs.
 */
const TESTS: Record<string, string[]> = {
  'src/schedule': ['test/schedule*.test.ts', 'test/shell-schedule.test.ts'],
  'src/store': ['test/store*.test.ts', 'test/db-postgres.test.ts'],
  'src/quotes': ['test/quotes-*.test.ts', 'test/bot-corpus.test.ts', 'test/search-asks.test.ts'],
  'src/search': ['test/search*.test.ts'],
};
const folders = (process.env.MINGYAN_MUTATE_FOLDERS ?? '').split(',').filter(Boolean);
const include = folders.flatMap((f) => TESTS[f] ?? []);
// `npm run mutate -- src/search --without test/search-plans.test.ts`: what the other tests catch on their own.
const without = (process.env.MINGYAN_MUTATE_WITHOUT ?? '').split(',').filter(Boolean);

const merged = mergeConfig(
  base,
  defineConfig({
    test: {
      // A mutant that stops a tick makes a test wait for its timeout: 5 s (not the suite's 20 s) fails it sooner,
      // so Stryker counts it killed without waiting out its own timeout and restarting the runner. The slowest
      // test of these folders takes about 2 s.
      testTimeout: 5_000,
      exclude: [
        'test/start-e2e.test.ts',
        'test/secrets-canary.test.ts',
        'test/schedule-process.test.ts',
        'test/cli-batch.test.ts',
        'node_modules/**',
        ...without,
      ],
    },
  }),
);
// Set after merging: mergeConfig concatenates arrays, which would keep every test file. Only the store's tests use
// the PostgreSQL server; the other folders' runs skip starting it.
if (include.length)
  merged.test = {
    ...merged.test,
    include,
    ...(folders.includes('src/store') ? {} : { globalSetup: ['test/global-setup.ts'] }),
  };

export default merged;
