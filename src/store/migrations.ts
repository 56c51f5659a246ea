import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from './schema.js';

/**
 * One schema step, shared by SQLite and Postgres: `up` uses Kysely's schema builder, so each step is written
 * once; only the auto-increment id type differs per database. Versions only ever grow; a shipped migration is
 * never edited, a new one is added. Existing SQLite files record their steps in `schema_migrations` exactly as
 * before (version 1 was applied by the synchronous store of mingyan 0.1), so they migrate forward as they are.
 */
export interface Migration {
  /** Strictly increasing from 1. */
  version: number;
  /** Short description, stored with the version. */
  name: string;
  /** DDL, run inside the migration transaction. */
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

/** An auto-increment integer primary key: SQLite's rowid alias, Postgres's serial (int4, read as a number). */
const idType = (dialect: DialectName) => (dialect === 'sqlite' ? 'integer' : 'serial');

export const MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    name: 'channel settings, subscriptions, posts, rotation',
    async up(db: Kysely<unknown>, dialect: DialectName) {
      await db.schema
        .createTable('channel_settings')
        .addColumn('channel', 'text', (c) => c.primaryKey())
        .addColumn('lang', 'text', (c) => c.notNull().check(sql`lang IN ('zh', 'en', 'both')`))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('subscriptions')
        .addColumn('id', idType(dialect), (c) => c.primaryKey())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('daily', 'discuss')`))
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('days', 'text', (c) => c.notNull())
        .addColumn('timezone', 'text', (c) => c.notNull())
        .addColumn('lang', 'text', (c) => c.notNull().check(sql`lang IN ('zh', 'en', 'both')`))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('effective_from', 'text', (c) => c.notNull())
        .addColumn('paused_reason', 'text')
        .addColumn('paused_at', 'text')
        .addColumn('removed_at', 'text')
        .addUniqueConstraint('subscriptions_channel_kind', ['channel', 'kind'])
        .execute();
      await db.schema
        .createTable('posts')
        .addColumn('id', idType(dialect), (c) => c.primaryKey())
        .addColumn('subscription_id', 'integer', (c) => c.notNull().references('subscriptions.id'))
        .addColumn('local_date', 'text', (c) => c.notNull())
        .addColumn('scheduled_at', 'text', (c) => c.notNull())
        .addColumn('quote_id', 'text')
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status IN ('claimed', 'posted', 'missed', 'failed', 'uncertain')`),
        )
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text')
        .addColumn('message_id', 'text')
        .addColumn('error', 'text')
        .addColumn('claimed_at', 'text')
        .addColumn('posted_at', 'text')
        .addUniqueConstraint('posts_subscription_date', ['subscription_id', 'local_date'])
        .execute();
      await db.schema.createIndex('posts_by_status').on('posts').columns(['status', 'claimed_at']).execute();
      await db.schema
        .createTable('rotation_shown')
        .addColumn('seq', idType(dialect), (c) => c.primaryKey())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('deck', 'text', (c) => c.notNull().check(sql`deck IN ('insight', 'prompt')`))
        .addColumn('cycle', 'integer', (c) => c.notNull())
        .addColumn('quote_id', 'text', (c) => c.notNull())
        .addColumn('shown_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('rotation_shown_once', ['channel', 'deck', 'cycle', 'quote_id'])
        .execute();
    },
  },
  {
    version: 2,
    name: 'subscriptions may post quote cards',
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('subscriptions')
        .addColumn('card', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`card IN (0, 1)`),
        )
        .execute();
    },
  },
  {
    version: 3,
    name: 'next due instant per subscription, indexed',
    // A tick reads only subscriptions whose next_due_at has come. The column only ever holds an instant at or
    // before the real next due one (a tick moves it forward to the next occurrence or retry), so existing rows
    // start due at once: the first tick after the upgrade looks at each of them one time.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('subscriptions').addColumn('next_due_at', 'text').execute();
      await sql`UPDATE subscriptions SET next_due_at = ${'1970-01-01T00:00:00.000Z'} WHERE removed_at IS NULL AND paused_reason IS NULL`.execute(
        db,
      );
      await db.schema
        .createIndex('subscriptions_by_next_due')
        .on('subscriptions')
        .column('next_due_at')
        .execute();
    },
  },
  {
    version: 4,
    name: 'Slack installations, org-wide teams, leases',
    // Distribution mode: one row per installation as oauth.v2.access returned it, keyed by (enterprise, team)
    // with '' for an absent part (an org-wide install has no team; a workspace outside a Grid has no
    // enterprise), so the key is a plain primary key on both databases. Leases make one instance at a time do
    // a job that must not run twice at once (a token refresh invalidates the token the other would use).
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('slack_installations')
        .addColumn('enterprise_id', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('team_name', 'text')
        .addColumn('enterprise_name', 'text')
        .addColumn('enterprise_url', 'text')
        .addColumn('is_enterprise_install', 'integer', (c) => c.notNull())
        .addColumn('app_id', 'text')
        .addColumn('bot_token', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text')
        .addColumn('bot_user_id', 'text', (c) => c.notNull())
        .addColumn('bot_scopes', 'text', (c) => c.notNull())
        .addColumn('bot_refresh_token', 'text')
        .addColumn('bot_expires_at', 'text')
        .addColumn('installer_user_id', 'text')
        .addColumn('installed_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('slack_installations_key', ['enterprise_id', 'team_id'])
        .execute();
      await db.schema
        .createIndex('slack_installations_by_team')
        .on('slack_installations')
        .column('team_id')
        .execute();
      // Workspaces seen under an org-wide install: a scheduled post knows only its team id (slack:T:C).
      await db.schema
        .createTable('slack_enterprise_teams')
        .addColumn('team_id', 'text', (c) => c.primaryKey())
        .addColumn('enterprise_id', 'text', (c) => c.notNull())
        .addColumn('seen_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
]);

/** Highest schema version this code knows. */
export const SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/** Key of the Postgres advisory lock that makes concurrent migrators take turns. */
const MIGRATION_LOCK = 0x6d67_0001;

/** The schema version recorded in the database (0 for an empty one). */
export async function schemaVersion(db: Kysely<unknown>): Promise<number> {
  const row = await sql<{ v: number | null }>`SELECT MAX(version) AS v FROM schema_migrations`.execute(db);
  return Number(row.rows[0]?.v ?? 0);
}

/**
 * Brings the schema up to date in one transaction, re-reading the version inside it, so two processes opening
 * a new database at once apply each step once: SQLite's transaction is immediate (write-locking); Postgres
 * takes a transaction-scoped advisory lock first. A database from a newer mingyan is refused, untouched.
 * Returns the versions applied.
 */
export async function migrate(
  db: Kysely<unknown>,
  dialect: DialectName,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  const known = Math.max(0, ...migrations.map((m) => m.version));
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`.execute(
      trx,
    );
    const found = await schemaVersion(trx);
    if (found > known) {
      throw new Error(
        `database schema version ${found} is newer than this mingyan understands (${known}); upgrade mingyan or point MINGYAN_DB (or DATABASE_URL) at another database`,
      );
    }
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= found) continue;
      await m.up(trx, dialect);
      await sql`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${m.version}, ${m.name}, ${new Date().toISOString()})`.execute(
        trx,
      );
      applied.push(m.version);
    }
    return applied;
  });
}
