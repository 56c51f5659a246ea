import { defineConfig } from 'vitest/config';

// `npm run test:browser`: tests that drive Debian's headless Chromium (.ci/browser-setup installs it).
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
