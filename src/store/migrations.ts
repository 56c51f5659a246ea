import type { Database } from 'better-sqlite3';

/** One schema step. Versions only ever grow; a shipped migration is never edited, a new one is added. */
export interface Migration {
  /** Strictly increasing from 1. */
  version: number;
  /** Short description, stored with the version. */
  name: string;
  /** DDL run inside the migration's transaction. */
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    name: 'channel settings, subscriptions, posts, rotation',
    sql: `
      CREATE TABLE channel_settings (
        channel TEXT PRIMARY KEY,
        lang TEXT NOT NULL CHECK (lang IN ('zh', 'en', 'both')),
        updated_at TEXT NOT NULL
      );
      CREATE TABLE subscriptions (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('daily', 'discuss')),
        time TEXT NOT NULL,
        days TEXT NOT NULL,
        timezone TEXT NOT NULL,
        lang TEXT NOT NULL CHECK (lang IN ('zh', 'en', 'both')),
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        effective_from TEXT NOT NULL,
        paused_reason TEXT,
        paused_at TEXT,
        removed_at TEXT,
        UNIQUE (channel, kind)
      );
      CREATE TABLE posts (
        id INTEGER PRIMARY KEY,
        subscription_id INTEGER NOT NULL REFERENCES subscriptions (id),
        local_date TEXT NOT NULL,
        scheduled_at TEXT NOT NULL,
        quote_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('claimed', 'posted', 'missed', 'failed', 'uncertain')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        message_id TEXT,
        error TEXT,
        claimed_at TEXT,
        posted_at TEXT,
        UNIQUE (subscription_id, local_date)
      );
      CREATE INDEX posts_by_status ON posts (status, claimed_at);
      CREATE TABLE rotation_shown (
        seq INTEGER PRIMARY KEY,
        channel TEXT NOT NULL,
        deck TEXT NOT NULL CHECK (deck IN ('insight', 'prompt')),
        cycle INTEGER NOT NULL,
        quote_id TEXT NOT NULL,
        shown_at TEXT NOT NULL,
        UNIQUE (channel, deck, cycle, quote_id)
      );
    `,
  },
  {
    version: 2,
    name: 'subscriptions may post quote cards',
    sql: `
      ALTER TABLE subscriptions ADD COLUMN card INTEGER NOT NULL DEFAULT 0 CHECK (card IN (0, 1));
    `,
  },
]);

/** Highest schema version this code knows. */
export const SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/**
 * Brings the schema up to date: each pending migration in its own immediate transaction, re-checking the version
 * inside it, so two processes opening a new file at once apply each step once.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): void {
  db.prepare(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  ).run();
  const current = db.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const known = Math.max(0, ...migrations.map((m) => m.version));
  const found = current.get()?.v ?? 0;
  if (found > known) {
    throw new Error(
      `database schema version ${found} is newer than this mingyan understands (${known}); upgrade mingyan or point MINGYAN_DB at another file`,
    );
  }
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    db.transaction(() => {
      if ((current.get()?.v ?? 0) >= m.version) return;
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
}
