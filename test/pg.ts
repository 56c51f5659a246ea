// A fresh PostgreSQL database on the test run's server (see test/pg-global-setup.ts), for one test file or test.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** Creates an empty database and returns its postgres:// URL. */
export async function createPgDatabase(prefix = 'mingyan'): Promise<string> {
  const admin = inject('pgAdminUrl');
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase();
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}
