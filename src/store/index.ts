import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { DatabaseConnection } from 'kysely';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver } from 'kysely';
import pg from 'pg';
import { migrate } from './migrations.js';
import type { DialectName, Tables } from './schema.js';
import { createKyselyStore } from './store.js';
import type { Store } from './types.js';

export type * from './types.js';
export type { DialectName } from './schema.js';
export { SCHEMA_VERSION, MIGRATIONS, migrate, schemaVersion } from './migrations.js';
export { RESUBSCRIBE_GAP_MS } from './store.js';
export { copyDatabase } from './copy.js';
export type { TableCopy } from './copy.js';

/** How long a writer waits for another process's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;
/** Connections each instance keeps to Postgres: the bounded post pool plus the bot's own queries. */
const PG_POOL_SIZE = 10;

/** True when `target` names a PostgreSQL database (postgres:// or postgresql://) rather than a SQLite file. */
export const isPostgresUrl = (target: string): boolean => /^postgres(ql)?:\/\//i.test(target);

/** Which database a target names, for messages. Never prints a password. */
export function describeTarget(target: string): string {
  if (!isPostgresUrl(target)) return target === ':memory:' ? 'SQLite in memory' : `SQLite at ${target}`;
  try {
    const u = new URL(target);
    return `PostgreSQL ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'PostgreSQL (the URL does not parse)';
  }
}

/**
 * SQLite's driver begins every transaction IMMEDIATE: the write lock is taken at BEGIN, so a transaction never
 * fails half-way with SQLITE_BUSY when another process writes (a deferred one can, despite the busy timeout).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly database: Database.Database) {
    super({ database });
  }
  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver({ database: this.database });
  }
}

/** A Kysely handle on the target, unmigrated; `release` closes it (or lets go of a shared SQLite file). */
export function openDatabase(target: string): {
  db: Kysely<Tables>;
  dialect: DialectName;
  release: () => Promise<void>;
} {
  if (isPostgresUrl(target)) {
    const pool = new pg.Pool({ connectionString: target, max: PG_POOL_SIZE });
    // An idle connection the server dropped must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', release: () => db.destroy() };
  }
  const shared = target === ':memory:' || target === '' ? undefined : resolve(target);
  const open = shared === undefined ? undefined : sqliteFiles.get(shared);
  if (open) {
    open.refs++;
    return { db: open.db, dialect: 'sqlite', release: () => releaseSqlite(shared as string) };
  }
  if (shared !== undefined) mkdirSync(dirname(shared), { recursive: true });
  const sqlite = new Database(target);
  try {
    sqlite.pragma('journal_mode = WAL');
    // A claim must survive power loss, or a restart could post twice (WAL's default here is NORMAL).
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    sqlite.pragma('foreign_keys = ON');
  } catch (e) {
    sqlite.close();
    throw e;
  }
  const db = new Kysely<Tables>({ dialect: new ImmediateSqliteDialect(sqlite) });
  if (shared === undefined) return { db, dialect: 'sqlite', release: () => db.destroy() };
  sqliteFiles.set(shared, { db, refs: 1 });
  return { db, dialect: 'sqlite', release: () => releaseSqlite(shared) };
}

/**
 * SQLite files open in this process, shared by every Store on them. better-sqlite3 waits for a lock by blocking
 * the thread, so a second connection in the same process would wait for a transaction that can only finish on
 * this very thread (until SQLITE_BUSY). One connection per file per process, whose queue (Kysely's connection
 * mutex) serialises transactions, avoids that; other processes still take turns through the file lock.
 */
const sqliteFiles = new Map<string, { db: Kysely<Tables>; refs: number }>();

async function releaseSqlite(path: string): Promise<void> {
  const open = sqliteFiles.get(path);
  if (!open) return;
  if (--open.refs > 0) return;
  sqliteFiles.delete(path);
  await open.db.destroy();
}

/** The database on `target`, migrated; for tools that work below the Store (`db copy`). */
export async function openMigratedDatabase(target: string): Promise<ReturnType<typeof openDatabase>> {
  const opened = openDatabase(target);
  try {
    await migrate(opened.db as Kysely<unknown>, opened.dialect);
  } catch (e) {
    await opened.release();
    throw e;
  }
  return opened;
}

/**
 * Opens the Store on `target`: a postgres:// URL, or a SQLite file path (':memory:' for a private in-memory
 * one; parent folders are created). SQLite runs in WAL with synchronous=FULL, a busy timeout and immediate
 * transactions. Migrations run before it returns. Rejects with a readable message if the database cannot be
 * reached or is from a newer version.
 */
export async function openStore(target: string): Promise<Store> {
  const { db, dialect, release } = await openMigratedDatabase(target);
  let closed: Promise<void> | undefined;
  return createKyselyStore({ db, dialect, inTransaction: false, destroy: () => (closed ??= release()) });
}
