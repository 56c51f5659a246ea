// A fresh PostgreSQL database on the test run's server (see test/pg-global-setup.ts), for one test file or test.
import { inject } from 'vitest';
import { createDatabaseOn } from './pg-server.js';

/** Creates an empty database on the test run's server and returns its postgres:// URL. */
export function createPgDatabase(prefix = 'mingyan'): Promise<string> {
  return createDatabaseOn(inject('pgAdminUrl'), prefix);
}
