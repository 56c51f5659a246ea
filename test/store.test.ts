import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { SCHEMA_VERSION, openDatabase, openStore } from '../src/store/index.js';
import type { Store } from '../src/store/index.js';
import { createPgDatabase } from './pg.js';
import { tempDb } from './schedule-helpers.js';

const NOW = new Date('2025-06-01T00:00:00Z');
const sub = {
  channel: 'slack:T1:C1',
  kind: 'daily' as const,
  time: '09:00',
  days: [3, 1, 1],
  timezone: 'Asia/Shanghai',
  lang: 'both' as const,
  createdBy: 'U1',
};

const stores: Store[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const c of cleanups.splice(0)) c();
});
const temp = () => {
  const t = tempDb();
  cleanups.push(t.cleanup);
  return t;
};
const track = (s: Store): Store => {
  stores.push(s);
  return s;
};

describe('openStore on SQLite', () => {
  it('creates missing parent folders, runs migrations and uses WAL with synchronous=FULL', async () => {
    const { path } = temp();
    expect(existsSync(path)).toBe(false);
    track(await openStore(path));
    expect(existsSync(path)).toBe(true);
    // synchronous is a per-connection setting: read it on the store's own connection, which openDatabase
    // shares with the open store (one connection per file per process). 2 = FULL, 1 = NORMAL.
    const own = openDatabase(path);
    try {
      const { rows } = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(own.db);
      expect(rows).toEqual([{ synchronous: 2 }]);
    } finally {
      await own.release();
    }
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      const versions = raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
      expect(versions).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => ({ version: i + 1 })));
      const tables = raw
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .all()
        .map((r) => (r as { name: string }).name);
      expect(tables).toEqual(
        expect.arrayContaining([
          'channel_settings',
          'subscriptions',
          'posts',
          'rotation_shown',
          'schema_migrations',
          'slack_installations',
          'leases',
        ]),
      );
    } finally {
      raw.close();
    }
  });

  it('migration 2 adds the card choice to a version-1 database, keeping its subscriptions as text', async () => {
    const { path } = temp();
    mkdirSync(dirname(path), { recursive: true });
    const raw = new Database(path);
    raw.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    raw.exec(readFileSync(new URL('./fixtures/schema-v1-sqlite.sql', import.meta.url), 'utf8'));
    raw.prepare("INSERT INTO schema_migrations VALUES (1, 'v1', 'x')").run();
    raw
      .prepare(
        `INSERT INTO subscriptions (channel, kind, time, days, timezone, lang, created_by, created_at, effective_from)
         VALUES ('slack:T1:C1', 'daily', '09:00', '0,1,2,3,4,5,6', 'Asia/Shanghai', 'both', 'U1', ?, ?)`,
      )
      .run(new Date(0).toISOString(), new Date(0).toISOString());
    raw.close();
    const store = track(await openStore(path));
    expect(await store.getSubscription('slack:T1:C1', 'daily')).toMatchObject({ time: '09:00', card: false });
    const now = new Date('2026-01-01T00:00:00Z');
    const input = {
      channel: 'slack:T1:C1',
      kind: 'daily' as const,
      time: '10:00',
      days: [1],
      timezone: 'Asia/Shanghai',
      lang: 'zh' as const,
      createdBy: 'U2',
    };
    expect((await store.upsertSubscription({ ...input, card: true }, now)).card).toBe(true);
    expect((await store.getSubscription('slack:T1:C1', 'daily'))?.card).toBe(true);
    expect((await store.upsertSubscription({ ...input, card: false }, now)).card).toBe(false);
  });

  it('reopening applies no migration twice and keeps the data', async () => {
    const { path } = temp();
    const first = await openStore(path);
    await first.setLang('slack:T1:C1', 'en');
    await first.close();
    const second = track(await openStore(path));
    expect(await second.getLang('slack:T1:C1')).toBe('en');
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: SCHEMA_VERSION });
    raw.close();
  });

  it('migrates a database written by the old synchronous store forward without losing a row', async () => {
    const { path } = temp();
    mkdirSync(dirname(path), { recursive: true });
    const fixture = readFileSync(new URL('./fixtures/schema-v1-sqlite.sql', import.meta.url), 'utf8');
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    old.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    old.exec(fixture);
    old
      .prepare(
        "INSERT INTO schema_migrations VALUES (1, 'channel settings, subscriptions, posts, rotation', ?)",
      )
      .run('2025-05-01T00:00:00.000Z');
    old
      .prepare("INSERT INTO channel_settings VALUES ('slack:T1:C1', 'en', '2025-05-01T00:00:00.000Z')")
      .run();
    old
      .prepare(
        `INSERT INTO subscriptions (id, channel, kind, time, days, timezone, lang, created_by, created_at, effective_from)
         VALUES (7, 'slack:T1:C1', 'daily', '09:00', '1,3', 'Asia/Shanghai', 'both', 'U1', '2025-05-01T00:00:00.000Z',
                 '2025-05-01T00:00:00.000Z')`,
      )
      .run();
    old
      .prepare(
        `INSERT INTO posts (subscription_id, local_date, scheduled_at, quote_id, status, attempts, message_id, claimed_at, posted_at)
         VALUES (7, '2025-05-31', '2025-05-31T01:00:00.000Z', 'q1', 'posted', 1, 'M1', '2025-05-31T01:00:00.000Z', '2025-05-31T01:00:01.000Z')`,
      )
      .run();
    old
      .prepare(
        "INSERT INTO rotation_shown (channel, deck, cycle, quote_id, shown_at) VALUES ('slack:T1:C1', 'insight', 1, 'q1', 'x')",
      )
      .run();
    old.close();

    const s = track(await openStore(path));
    expect(await s.getLang('slack:T1:C1')).toBe('en');
    expect(await s.listSubscriptions()).toMatchObject([{ id: 7, days: [1, 3], time: '09:00' }]);
    expect(await s.getPost(7, '2025-05-31')).toMatchObject({
      status: 'posted',
      messageId: 'M1',
      quoteId: 'q1',
    });
    expect(await s.getRotation('slack:T1:C1', 'insight')).toEqual({
      cycle: 1,
      shown: new Set(['q1']),
      lastShown: 'q1',
    });
    // New rows carry on from the old ids, and the UNIQUE claim key still holds.
    const next = await s.upsertSubscription({ ...sub, kind: 'discuss' }, NOW);
    expect(next.id).toBe(8);
    const claim = { subscriptionId: 7, localDate: '2025-05-31', scheduledAt: NOW, quoteId: 'q2' };
    expect(await s.insertClaim(claim, NOW)).toBeUndefined();
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({
      v: SCHEMA_VERSION,
    });
    raw.close();
  });

  it('refuses a database from a newer version with a message saying what to do', async () => {
    const { path } = temp();
    await (await openStore(path)).close();
    const raw = new Database(path);
    raw.prepare("INSERT INTO schema_migrations VALUES (999, 'future', 'x')").run();
    raw.close();
    await expect(openStore(path)).rejects.toThrow(/newer than this mingyan.*upgrade mingyan/);
  });

  it("works in ':memory:'", async () => {
    const s = track(await openStore(':memory:'));
    expect(await s.getLang('shell:local')).toBeUndefined();
    await s.setLang('shell:local', 'zh');
    expect(await s.getLang('shell:local')).toBe('zh');
  });
});

/** The Store contract, run against SQLite (a file) and a real PostgreSQL server (a fresh database per test). */
const backends: { name: string; target: () => Promise<string> }[] = [
  { name: 'SQLite', target: async () => temp().path },
  { name: 'PostgreSQL', target: () => createPgDatabase('store') },
];

describe.each(backends)('the Store contract on $name', ({ target }) => {
  /** A fresh database and `n` stores on it, as `n` bot instances would have. */
  const open = async (n = 1): Promise<Store[]> => {
    const where = await target();
    const list: Store[] = [];
    for (let i = 0; i < n; i++) list.push(track(await openStore(where)));
    return list;
  };
  const one = async (): Promise<Store> => (await open(1))[0] as Store;

  it('upserting a subscription keeps its id, normalises days and unpauses it', async () => {
    const s = await one();
    const a = await s.upsertSubscription(sub, NOW);
    expect(a.days).toEqual([1, 3]);
    await s.pauseSubscription(a.id, 'channel gone', NOW);
    expect((await s.getSubscription('slack:T1:C1', 'daily'))?.pausedReason).toBe('channel gone');
    const b = await s.upsertSubscription({ ...sub, time: '10:30' }, new Date('2025-06-02T00:00:00Z'));
    expect(b.id).toBe(a.id);
    expect(b).toMatchObject({
      time: '10:30',
      pausedReason: undefined,
      effectiveFrom: '2025-06-02T00:00:00.000Z',
    });
    expect(b.createdAt).toBe(a.createdAt);
  });

  it('removing a subscription hides it; subscribing again revives the same row (its post history still counts)', async () => {
    const s = await one();
    const a = await s.upsertSubscription(sub, NOW);
    expect(await s.removeSubscription('slack:T1:C1', 'daily', NOW)).toBe(true);
    expect(await s.removeSubscription('slack:T1:C1', 'daily', NOW)).toBe(false);
    expect(await s.listSubscriptions()).toEqual([]);
    expect((await s.upsertSubscription(sub, NOW)).id).toBe(a.id);
  });

  it('a (subscription, date) claim is taken once; a retry is re-claimed once', async () => {
    const s = await one();
    const { id } = await s.upsertSubscription(sub, NOW);
    const claim = { subscriptionId: id, localDate: '2025-06-01', scheduledAt: NOW, quoteId: 'q1' };
    const row = await s.insertClaim(claim, NOW);
    expect(row).toMatchObject({ status: 'claimed', attempts: 1, quoteId: 'q1' });
    expect(await s.insertClaim(claim, NOW)).toBeUndefined();
    expect(await s.insertMissed(claim, NOW)).toBe(false);
    await s.markFailed(row!.id, '503', new Date('2025-06-01T00:01:00Z'));
    expect(await s.reclaimForRetry(row!.id, NOW)).toBe(false); // too early
    const later = new Date('2025-06-01T00:01:00Z');
    expect(await s.reclaimForRetry(row!.id, later)).toBe(true);
    expect(await s.reclaimForRetry(row!.id, later)).toBe(false);
    await s.markPosted(row!.id, 'M1', later);
    expect(await s.getPost(id, '2025-06-01')).toMatchObject({
      status: 'posted',
      attempts: 2,
      messageId: 'M1',
    });
    expect(await s.lastPost(id)).toMatchObject({ id: row!.id });
  });

  it('of several instances claiming one occurrence at the same moment, exactly one gets it', async () => {
    const instances = await open(4);
    const { id } = await instances[0]!.upsertSubscription(sub, NOW);
    const claim = { subscriptionId: id, localDate: '2025-06-01', scheduledAt: NOW, quoteId: 'q1' };
    const results = await Promise.all(
      instances.flatMap((s) => [s.insertClaim(claim, NOW), s.insertClaim(claim, NOW)]),
    );
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    await instances[1]!.markFailed(results.find((r) => r)!.id, '503', NOW);
    const retries = await Promise.all(
      instances.map((s) => s.reclaimForRetry(results.find((r) => r)!.id, NOW)),
    );
    expect(retries.filter(Boolean)).toHaveLength(1);
  });

  it('turns only stale claims into uncertain ones, once, even with two instances sweeping', async () => {
    const [s, other] = (await open(2)) as [Store, Store];
    const { id } = await s.upsertSubscription(sub, NOW);
    await s.insertClaim(
      { subscriptionId: id, localDate: '2025-06-01', scheduledAt: NOW, quoteId: 'q1' },
      NOW,
    );
    expect(await s.markStaleClaims(new Date('2025-05-31T23:59:00Z'))).toEqual([]);
    const at = new Date('2025-06-01T00:10:00Z');
    const [a, b] = await Promise.all([s.markStaleClaims(at), other.markStaleClaims(at)]);
    expect([...a, ...b]).toMatchObject([
      { channel: 'slack:T1:C1', kind: 'daily', status: 'uncertain', quoteId: 'q1' },
    ]);
    expect(await s.markStaleClaims(at)).toEqual([]);
  });

  it('a subscription that posted in the last 20 hours takes effect 20 hours after that post when subscribed again', async () => {
    const s = await one();
    const { id } = await s.upsertSubscription(sub, NOW);
    const row = await s.insertClaim(
      { subscriptionId: id, localDate: '2025-06-01', scheduledAt: NOW, quoteId: 'q1' },
      new Date('2025-06-01T01:00:00Z'),
    );
    await s.markPosted(row!.id, 'M1', new Date('2025-06-01T01:05:00Z'));
    const moved = { ...sub, time: '20:00', timezone: 'America/Los_Angeles' };
    expect((await s.upsertSubscription(moved, new Date('2025-06-01T02:00:00Z'))).effectiveFrom).toBe(
      '2025-06-01T21:05:00.000Z',
    );
    // Removed and subscribed again: the same row, so the same history and the same rule.
    await s.removeSubscription(sub.channel, 'daily', new Date('2025-06-01T03:00:00Z'));
    expect((await s.upsertSubscription(sub, new Date('2025-06-01T04:00:00Z'))).effectiveFrom).toBe(
      '2025-06-01T21:05:00.000Z',
    );
    // More than 20 hours later: now.
    expect((await s.upsertSubscription(sub, new Date('2025-06-01T22:00:00Z'))).effectiveFrom).toBe(
      '2025-06-01T22:00:00.000Z',
    );
  });

  it('a missed or given-up row does not hold a new schedule back; a pending retry does', async () => {
    const s = await one();
    const { id } = await s.upsertSubscription(sub, NOW);
    await s.insertMissed({ subscriptionId: id, localDate: '2025-05-31', scheduledAt: NOW }, NOW);
    const row = await s.insertClaim(
      { subscriptionId: id, localDate: '2025-06-01', scheduledAt: NOW, quoteId: 'q1' },
      NOW,
    );
    await s.markFailed(row!.id, 'rejected', undefined);
    const later = new Date('2025-06-01T02:00:00Z');
    expect((await s.upsertSubscription(sub, later)).effectiveFrom).toBe(later.toISOString());
    await s.markFailed(row!.id, '503', new Date('2025-06-01T02:01:00Z'));
    expect(await s.pendingRetries(id)).toMatchObject([
      { id: row!.id, nextAttemptAt: '2025-06-01T02:01:00.000Z' },
    ]);
    expect((await s.upsertSubscription(sub, later)).effectiveFrom).toBe('2025-06-01T20:00:00.000Z');
  });

  it('postsForPlanning reads many subscriptions at once: rows from a date on, and pending retries of any date', async () => {
    const s = await one();
    const ids: number[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await s.upsertSubscription({ ...sub, channel: `slack:T1:C${i}` }, NOW)).id);
    const [a, b, c] = ids as [number, number, number];
    const claim = async (id: number, localDate: string) =>
      (await s.insertClaim({ subscriptionId: id, localDate, scheduledAt: NOW, quoteId: 'q1' }, NOW))!;
    await claim(a, '2025-05-20'); // old and settled: not needed
    const oldRetry = await claim(a, '2025-05-21');
    await s.markFailed(oldRetry.id, '503', new Date('2025-06-01T01:00:00Z'));
    const oldGivenUp = await claim(b, '2025-05-21');
    await s.markFailed(oldGivenUp.id, 'rejected', undefined);
    await claim(b, '2025-05-31');
    await claim(a, '2025-05-30');
    await claim(c, '2025-05-31'); // a subscription not asked for
    const rows = await s.postsForPlanning([b, a], '2025-05-29');
    expect(rows.map((r) => [r.subscriptionId, r.localDate])).toEqual([
      [a, '2025-05-21'],
      [a, '2025-05-30'],
      [b, '2025-05-31'],
    ]);
    expect(await s.postsForPlanning([], '2025-05-29')).toEqual([]);
    // Many at once (past one statement's slice).
    const many = Array.from({ length: 1_200 }, (_, i) => i + 10_000).concat([c]);
    expect((await s.postsForPlanning(many, '2025-05-29')).map((r) => r.subscriptionId)).toEqual([c]);
  });

  it('only the first of two instances takes over a superseded row, and never a claim in flight', async () => {
    const [s, other] = (await open(2)) as [Store, Store];
    const { id } = await s.upsertSubscription(sub, NOW);
    const row = await s.insertClaim(
      { subscriptionId: id, localDate: '2025-06-01', scheduledAt: NOW, quoteId: 'q1' },
      NOW,
    );
    const next = { scheduledAt: new Date('2025-06-02T03:00:00Z'), quoteId: 'q2' };
    await s.upsertSubscription(sub, new Date('2025-06-01T02:00:00Z'));
    expect(await s.claimSuperseded(row!.id, next, NOW)).toBeUndefined(); // still claimed: maybe posting now
    await s.markUncertain(row!.id, 'timeout');
    expect(await s.getPost(id, '2025-06-01')).toMatchObject({ status: 'uncertain', error: 'timeout' });
    // Effective from 20:00Z (20 h after the claim): no occurrence before that takes the row over.
    const tooSoon = { scheduledAt: new Date('2025-06-01T03:00:00Z'), quoteId: 'q2' };
    expect(await s.claimSuperseded(row!.id, tooSoon, NOW)).toBeUndefined();
    const at = new Date('2025-06-02T03:00:00Z');
    const both = await Promise.all([
      s.claimSuperseded(row!.id, next, at),
      other.claimSuperseded(row!.id, next, at),
    ]);
    expect(both.filter((r) => r !== undefined)).toMatchObject([
      { status: 'claimed', quoteId: 'q2', attempts: 1, scheduledAt: '2025-06-02T03:00:00.000Z' },
    ]);
    expect(await s.claimSuperseded(row!.id, next, at)).toBeUndefined();
  });

  it('reads only due subscriptions, earliest first; paused and removed ones never; subscribing makes one due now', async () => {
    const s = await one();
    const a = await s.upsertSubscription(sub, NOW);
    const b = await s.upsertSubscription({ ...sub, channel: 'slack:T1:C2' }, NOW);
    const c = await s.upsertSubscription({ ...sub, channel: 'slack:T1:C3' }, NOW);
    expect((await s.dueSubscriptions(NOW)).map((x) => x.id)).toEqual([a.id, b.id, c.id]);
    await s.setNextDue(a.id, new Date('2025-06-01T09:00:00Z'));
    await s.setNextDue(b.id, new Date('2025-06-01T08:00:00Z'));
    await s.setNextDue(c.id, undefined);
    expect(await s.dueSubscriptions(NOW)).toEqual([]);
    const at9 = new Date('2025-06-01T09:00:00Z');
    expect((await s.dueSubscriptions(at9)).map((x) => x.id)).toEqual([b.id, a.id]);
    expect((await s.dueSubscriptions(at9, 1)).map((x) => x.id)).toEqual([b.id]);
    await s.pauseSubscription(b.id, 'gone', NOW);
    await s.removeSubscription(a.channel, 'daily', NOW);
    await s.setNextDue(b.id, NOW); // a paused subscription stays out
    expect(await s.dueSubscriptions(at9)).toEqual([]);
    const back = await s.upsertSubscription(sub, new Date('2025-06-01T10:00:00Z'));
    expect(back).toMatchObject({ id: a.id, nextDueAt: '2025-06-01T10:00:00.000Z' });
    expect((await s.dueSubscriptions(new Date('2025-06-01T10:00:00Z'))).map((x) => x.id)).toEqual([a.id]);
  });

  it('keeps rotation state per channel and deck', async () => {
    const s = await one();
    expect(await s.getRotation('a', 'insight')).toEqual({ cycle: 0, shown: new Set(), lastShown: undefined });
    await s.recordShown('a', 'insight', 1, 'q1', NOW);
    await s.recordShown('a', 'insight', 1, 'q2', NOW);
    await s.recordShown('a', 'insight', 2, 'q3', NOW);
    await s.recordShown('a', 'insight', 2, 'q3', NOW);
    await s.recordShown('b', 'insight', 1, 'q9', NOW);
    expect(await s.getRotation('a', 'insight')).toEqual({
      cycle: 2,
      shown: new Set(['q3']),
      lastShown: 'q3',
    });
    expect((await s.getRotation('a', 'prompt')).cycle).toBe(0);
  });

  it("lists what a channel's deck showed since an instant, across cycles", async () => {
    const s = await one();
    const day = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
    await s.recordShown('a', 'insight', 1, 'q1', day(0));
    await s.recordShown('a', 'insight', 1, 'q2', day(5));
    await s.recordShown('a', 'insight', 2, 'q1', day(10));
    await s.recordShown('a', 'prompt', 1, 'q7', day(10));
    await s.recordShown('b', 'insight', 1, 'q9', day(10));
    expect((await s.shownSince('a', 'insight', day(5))).sort()).toEqual(['q1', 'q2']);
    expect(await s.shownSince('a', 'insight', day(11))).toEqual([]);
    expect(await s.shownSince('a', 'prompt', day(0))).toEqual(['q7']);
  });

  it('rolls back every write of a failed transaction', async () => {
    const s = await one();
    await expect(
      s.write(async (tx) => {
        await tx.setLang('x', 'en');
        await tx.write(async (inner) => inner.setLang('y', 'en'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await s.getLang('x')).toBeUndefined();
    expect(await s.getLang('y')).toBeUndefined();
  });

  it('transactions of two instances do not interleave: a read-then-write under the subscription lock sees the other', async () => {
    const [a, b] = (await open(2)) as [Store, Store];
    const { id } = await a.upsertSubscription(sub, NOW);
    // Each "claim" reads the deck and appends the next card, as the scheduler does; under the lock, no card twice.
    const deal = (s: Store) =>
      s.write(async (tx) => {
        await tx.lockSubscription(id);
        const { shown } = await tx.getRotation(sub.channel, 'insight');
        await tx.recordShown(sub.channel, 'insight', 1, `q${shown.size + 1}`, NOW);
      });
    await Promise.all([deal(a), deal(b), deal(a), deal(b), deal(a), deal(b)]);
    expect((await a.getRotation(sub.channel, 'insight')).shown).toEqual(
      new Set(['q1', 'q2', 'q3', 'q4', 'q5', 'q6']),
    );
  });

  const install = (teamId: string | undefined, token: string, enterpriseId?: string) => ({
    teamId,
    enterpriseId,
    isEnterpriseInstall: teamId === undefined,
    botToken: token,
    botUserId: 'UBOT',
    botId: 'BBOT',
    botScopes: ['commands', 'chat:write'],
    installerUserId: 'U1',
  });

  it('keeps one Slack installation per (enterprise, team), replaced on reinstall with its first install time', async () => {
    const [a, b] = (await open(2)) as [Store, Store];
    await a.saveInstallation(
      { ...install('T1', 'xoxb-one'), botRefreshToken: 'xoxe-r1', botExpiresAt: '2025-06-01T12:00:00.000Z' },
      NOW,
    );
    await a.saveInstallation(install('T2', 'xoxb-two', 'E1'), NOW);
    const later = new Date(NOW.getTime() + 60_000);
    await b.saveInstallation(install('T1', 'xoxb-one-again'), later);
    const one = await a.getInstallation({ teamId: 'T1' });
    expect(one).toMatchObject({
      teamId: 'T1',
      botToken: 'xoxb-one-again',
      botScopes: ['commands', 'chat:write'],
    });
    expect(one?.installedAt).toBe(NOW.toISOString());
    expect(one?.updatedAt).toBe(later.toISOString());
    expect(one?.botRefreshToken).toBeUndefined();
    expect(await a.getInstallation({ teamId: 'T2' })).toBeUndefined();
    expect((await a.getInstallation({ teamId: 'T2', enterpriseId: 'E1' }))?.botToken).toBe('xoxb-two');
    expect((await b.installationForTeam('T2'))?.botToken).toBe('xoxb-two');
    expect((await a.listInstallations()).map((i) => i.teamId)).toEqual(['T1', 'T2']);
    expect(await b.deleteInstallation({ teamId: 'T1' })).toBe(true);
    expect(await b.deleteInstallation({ teamId: 'T1' })).toBe(false);
    expect(await a.installationForTeam('T1')).toBeUndefined();
  });

  it('resolves a workspace of an org-wide install through the workspaces seen under that org', async () => {
    const s = await one();
    await s.saveInstallation(install(undefined, 'xoxb-org', 'E9'), NOW);
    expect(await s.installationForTeam('T7')).toBeUndefined();
    await s.rememberEnterpriseTeam('T7', 'E9', NOW);
    await s.rememberEnterpriseTeam('T8', 'E9', NOW);
    expect((await s.installationForTeam('T7'))?.botToken).toBe('xoxb-org');
    expect((await s.installationForTeam('T7'))?.isEnterpriseInstall).toBe(true);
    expect(await s.teamsOfEnterprise('E9')).toEqual(['T7', 'T8']);
    // A workspace's own install wins over the org's.
    await s.saveInstallation(install('T7', 'xoxb-own', 'E9'), NOW);
    expect((await s.installationForTeam('T7'))?.botToken).toBe('xoxb-own');
  });

  it("pauses one team's subscriptions by channel prefix and resumes only those it paused", async () => {
    const s = await one();
    const a1 = await s.upsertSubscription({ ...sub, channel: 'slack:T1:C1' }, NOW);
    const a2 = await s.upsertSubscription({ ...sub, channel: 'slack:T1:C2' }, NOW);
    const other = await s.upsertSubscription({ ...sub, channel: 'slack:T10:C1' }, NOW);
    await s.pauseSubscription(a2.id, 'channel_not_found', NOW);
    expect(await s.pauseChannels('slack:T1:', 'uninstalled', NOW)).toBe(1);
    const paused = await s.listSubscriptions();
    expect(paused.find((x) => x.id === a1.id)?.pausedReason).toBe('uninstalled');
    expect(paused.find((x) => x.id === a2.id)?.pausedReason).toBe('channel_not_found');
    expect(paused.find((x) => x.id === other.id)?.pausedReason).toBeUndefined();
    expect((await s.dueSubscriptions(new Date(NOW.getTime() + 1))).map((x) => x.id)).toEqual([other.id]);
    const later = new Date(NOW.getTime() + 3 * 86_400_000);
    expect(await s.resumeChannels('slack:T1:', 'uninstalled', later)).toBe(1);
    const resumed = await s.getSubscription('slack:T1:C1', 'daily');
    expect(resumed?.pausedReason).toBeUndefined();
    expect(resumed?.effectiveFrom).toBe(later.toISOString());
    expect(resumed?.nextDueAt).toBe(later.toISOString());
    expect((await s.getSubscription('slack:T1:C2', 'daily'))?.pausedReason).toBe('channel_not_found');
  });

  it('gives a lease to one holder at a time across instances, until it expires or is released', async () => {
    const [a, b] = (await open(2)) as [Store, Store];
    const results = await Promise.all([
      a.acquireLease('refresh:T1', 'a', NOW, 30_000),
      b.acquireLease('refresh:T1', 'b', NOW, 30_000),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? 'a' : 'b';
    const loser = winner === 'a' ? b : a;
    const loserName = winner === 'a' ? 'b' : 'a';
    expect(await loser.acquireLease('refresh:T1', loserName, new Date(NOW.getTime() + 29_000), 30_000)).toBe(
      false,
    );
    expect(await loser.acquireLease('refresh:T2', loserName, NOW, 30_000)).toBe(true);
    expect(await loser.acquireLease('refresh:T1', loserName, new Date(NOW.getTime() + 30_000), 30_000)).toBe(
      true,
    );
    await loser.releaseLease('refresh:T1', winner);
    expect(await a.acquireLease('refresh:T1', winner, new Date(NOW.getTime() + 31_000), 30_000)).toBe(false);
    await loser.releaseLease('refresh:T1', loserName);
    expect(await a.acquireLease('refresh:T1', winner, new Date(NOW.getTime() + 31_000), 30_000)).toBe(true);
  });

  it('transactions locking the same key take turns across instances', async () => {
    const [a, b] = (await open(2)) as [Store, Store];
    // A read-then-write of a shared value races between instances; under lockKey the second sees the first.
    const bump = (s: Store) =>
      s.write(async (tx) => {
        await tx.lockKey('installation:T1');
        const seen = (await tx.getLang('counter')) === 'en' ? 1 : 0;
        await tx.setLang('counter', seen === 0 ? 'en' : 'zh');
        await tx.setLang(`writer-${seen}-${Math.random()}`, 'both');
      });
    await Promise.all([bump(a), bump(b)]);
    // Exactly one of the two saw the other's write: one counted 0, the other 1.
    expect(await a.getLang('counter')).toBe('zh');
  });

  it('answers ping while open and refuses after close', async () => {
    const s = await one();
    await expect(s.ping()).resolves.toBeUndefined();
    await s.close();
    await expect(s.ping()).rejects.toThrow();
  });
});
