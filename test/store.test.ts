import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, openStore } from '../src/store/index.js';
import { MIGRATIONS, migrate } from '../src/store/migrations.js';
import type { Store } from '../src/store/index.js';
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

describe('openStore', () => {
  const cleanups: (() => void)[] = [];
  const stores: Store[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
    for (const c of cleanups.splice(0)) c();
  });
  const open = (path: string) => {
    const s = openStore(path);
    stores.push(s);
    return s;
  };
  const temp = () => {
    const t = tempDb();
    cleanups.push(t.cleanup);
    return t;
  };

  it('creates missing parent folders, runs migrations and uses WAL with synchronous=FULL', () => {
    const { path } = temp();
    expect(existsSync(path)).toBe(false);
    open(path);
    expect(existsSync(path)).toBe(true);
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      const versions = raw.prepare('SELECT version FROM schema_migrations').all();
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
        ]),
      );
    } finally {
      raw.close();
    }
  });

  it('migration 2 adds the card choice to a version-1 database, keeping its subscriptions as text', () => {
    const { path } = temp();
    mkdirSync(dirname(path), { recursive: true });
    const raw = new Database(path);
    migrate(
      raw,
      MIGRATIONS.filter((m) => m.version === 1),
    );
    raw
      .prepare(
        `INSERT INTO subscriptions (channel, kind, time, days, timezone, lang, created_by, created_at, effective_from)
         VALUES ('slack:T1:C1', 'daily', '09:00', '0,1,2,3,4,5,6', 'Asia/Shanghai', 'both', 'U1', ?, ?)`,
      )
      .run(new Date(0).toISOString(), new Date(0).toISOString());
    raw.close();
    const store = open(path);
    expect(store.getSubscription('slack:T1:C1', 'daily')).toMatchObject({ time: '09:00', card: false });
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
    expect(store.upsertSubscription({ ...input, card: true }, now).card).toBe(true);
    expect(store.getSubscription('slack:T1:C1', 'daily')?.card).toBe(true);
    expect(store.upsertSubscription({ ...input, card: false }, now).card).toBe(false);
  });

  it('reopening applies no migration twice and keeps the data', () => {
    const { path } = temp();
    const first = openStore(path);
    first.setLang('slack:T1:C1', 'en');
    first.close();
    const second = open(path);
    expect(second.getLang('slack:T1:C1')).toBe('en');
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: SCHEMA_VERSION });
    raw.close();
  });

  it('refuses a database from a newer version with a message saying what to do', () => {
    const { path } = temp();
    openStore(path).close();
    const raw = new Database(path);
    raw.prepare("INSERT INTO schema_migrations VALUES (999, 'future', 'x')").run();
    raw.close();
    expect(() => openStore(path)).toThrow(/newer than this mingyan.*upgrade mingyan/);
  });

  it("works in ':memory:'", () => {
    const s = open(':memory:');
    expect(s.getLang('shell:local')).toBeUndefined();
    s.setLang('shell:local', 'zh');
    expect(s.getLang('shell:local')).toBe('zh');
  });

  it('upserting a subscription keeps its id, normalises days and unpauses it', () => {
    const s = open(':memory:');
    const a = s.upsertSubscription(sub, NOW);
    expect(a.days).toEqual([1, 3]);
    s.pauseSubscription(a.id, 'channel gone', NOW);
    expect(s.getSubscription('slack:T1:C1', 'daily')?.pausedReason).toBe('channel gone');
    const b = s.upsertSubscription({ ...sub, time: '10:30' }, new Date('2025-06-02T00:00:00Z'));
    expect(b.id).toBe(a.id);
    expect(b).toMatchObject({
      time: '10:30',
      pausedReason: undefined,
      effectiveFrom: '2025-06-02T00:00:00.000Z',
    });
    expect(b.createdAt).toBe(a.createdAt);
  });

  it('removing a subscription hides it; subscribing again revives the same row (its post history still counts)', () => {
    const s = open(':memory:');
    const a = s.upsertSubscription(sub, NOW);
    expect(s.removeSubscription('slack:T1:C1', 'daily', NOW)).toBe(true);
    expect(s.removeSubscription('slack:T1:C1', 'daily', NOW)).toBe(false);
    expect(s.listSubscriptions()).toEqual([]);
    expect(s.upsertSubscription(sub, NOW).id).toBe(a.id);
  });

  it('a (subscription, date) claim is taken once; a retry is re-claimed once', () => {
    const s = open(':memory:');
    const { id } = s.upsertSubscription(sub, NOW);
    const claim = { subscriptionId: id, localDate: '2025-06-01', scheduledAt: NOW, quoteId: 'q1' };
    const row = s.insertClaim(claim, NOW);
    expect(row).toMatchObject({ status: 'claimed', attempts: 1, quoteId: 'q1' });
    expect(s.insertClaim(claim, NOW)).toBeUndefined();
    expect(s.insertMissed(claim, NOW)).toBe(false);
    s.markFailed(row!.id, '503', new Date('2025-06-01T00:01:00Z'));
    expect(s.reclaimForRetry(row!.id, NOW)).toBe(false); // too early
    const later = new Date('2025-06-01T00:01:00Z');
    expect(s.reclaimForRetry(row!.id, later)).toBe(true);
    expect(s.reclaimForRetry(row!.id, later)).toBe(false);
    s.markPosted(row!.id, 'M1', later);
    expect(s.getPost(id, '2025-06-01')).toMatchObject({ status: 'posted', attempts: 2, messageId: 'M1' });
  });

  it('turns only stale claims into uncertain ones, once', () => {
    const s = open(':memory:');
    const { id } = s.upsertSubscription(sub, NOW);
    s.insertClaim({ subscriptionId: id, localDate: '2025-06-01', scheduledAt: NOW, quoteId: 'q1' }, NOW);
    expect(s.markStaleClaims(new Date('2025-05-31T23:59:00Z'))).toEqual([]);
    const stale = s.markStaleClaims(new Date('2025-06-01T00:10:00Z'));
    expect(stale).toMatchObject([
      { channel: 'slack:T1:C1', kind: 'daily', status: 'uncertain', quoteId: 'q1' },
    ]);
    expect(s.markStaleClaims(new Date('2025-06-01T00:10:00Z'))).toEqual([]);
  });

  it('a subscription that posted in the last 20 hours takes effect 20 hours after that post when subscribed again', () => {
    const s = open(':memory:');
    const { id } = s.upsertSubscription(sub, NOW);
    const row = s.insertClaim(
      { subscriptionId: id, localDate: '2025-06-01', scheduledAt: NOW, quoteId: 'q1' },
      new Date('2025-06-01T01:00:00Z'),
    );
    s.markPosted(row!.id, 'M1', new Date('2025-06-01T01:05:00Z'));
    const moved = { ...sub, time: '20:00', timezone: 'America/Los_Angeles' };
    expect(s.upsertSubscription(moved, new Date('2025-06-01T02:00:00Z')).effectiveFrom).toBe(
      '2025-06-01T21:05:00.000Z',
    );
    // Removed and subscribed again: the same row, so the same history and the same rule.
    s.removeSubscription(sub.channel, 'daily', new Date('2025-06-01T03:00:00Z'));
    expect(s.upsertSubscription(sub, new Date('2025-06-01T04:00:00Z')).effectiveFrom).toBe(
      '2025-06-01T21:05:00.000Z',
    );
    // More than 20 hours later: now.
    expect(s.upsertSubscription(sub, new Date('2025-06-01T22:00:00Z')).effectiveFrom).toBe(
      '2025-06-01T22:00:00.000Z',
    );
  });

  it('a missed or given-up row does not hold a new schedule back; a pending retry does', () => {
    const s = open(':memory:');
    const { id } = s.upsertSubscription(sub, NOW);
    s.insertMissed({ subscriptionId: id, localDate: '2025-05-31', scheduledAt: NOW }, NOW);
    const row = s.insertClaim(
      { subscriptionId: id, localDate: '2025-06-01', scheduledAt: NOW, quoteId: 'q1' },
      NOW,
    );
    s.markFailed(row!.id, 'rejected', undefined);
    const later = new Date('2025-06-01T02:00:00Z');
    expect(s.upsertSubscription(sub, later).effectiveFrom).toBe(later.toISOString());
    s.markFailed(row!.id, '503', new Date('2025-06-01T02:01:00Z'));
    expect(s.pendingRetries(id)).toMatchObject([{ id: row!.id, nextAttemptAt: '2025-06-01T02:01:00.000Z' }]);
    expect(s.upsertSubscription(sub, later).effectiveFrom).toBe('2025-06-01T20:00:00.000Z');
  });

  it('only the first of two instances takes over a superseded row, and never a claim in flight', () => {
    const s = open(':memory:');
    const { id } = s.upsertSubscription(sub, NOW);
    const row = s.insertClaim(
      { subscriptionId: id, localDate: '2025-06-01', scheduledAt: NOW, quoteId: 'q1' },
      NOW,
    );
    const next = { scheduledAt: new Date('2025-06-02T03:00:00Z'), quoteId: 'q2' };
    s.upsertSubscription(sub, new Date('2025-06-01T02:00:00Z'));
    expect(s.claimSuperseded(row!.id, next, NOW)).toBeUndefined(); // still claimed: maybe posting now
    s.markUncertain(row!.id, 'timeout');
    expect(s.getPost(id, '2025-06-01')).toMatchObject({ status: 'uncertain', error: 'timeout' });
    // Effective from 20:00Z (20 h after the claim): no occurrence before that takes the row over.
    const tooSoon = { scheduledAt: new Date('2025-06-01T03:00:00Z'), quoteId: 'q2' };
    expect(s.claimSuperseded(row!.id, tooSoon, NOW)).toBeUndefined();
    const at = new Date('2025-06-02T03:00:00Z');
    expect(s.claimSuperseded(row!.id, next, at)).toMatchObject({
      status: 'claimed',
      quoteId: 'q2',
      attempts: 1,
      scheduledAt: '2025-06-02T03:00:00.000Z',
    });
    expect(s.claimSuperseded(row!.id, next, at)).toBeUndefined();
  });

  it('keeps rotation state per channel and deck', () => {
    const s = open(':memory:');
    expect(s.getRotation('a', 'insight')).toEqual({ cycle: 0, shown: new Set(), lastShown: undefined });
    s.recordShown('a', 'insight', 1, 'q1', NOW);
    s.recordShown('a', 'insight', 1, 'q2', NOW);
    s.recordShown('a', 'insight', 2, 'q3', NOW);
    s.recordShown('b', 'insight', 1, 'q9', NOW);
    expect(s.getRotation('a', 'insight')).toEqual({ cycle: 2, shown: new Set(['q3']), lastShown: 'q3' });
    expect(s.getRotation('a', 'prompt').cycle).toBe(0);
  });

  it("lists what a channel's deck showed since an instant, across cycles", () => {
    const s = open(':memory:');
    const day = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
    s.recordShown('a', 'insight', 1, 'q1', day(0));
    s.recordShown('a', 'insight', 1, 'q2', day(5));
    s.recordShown('a', 'insight', 2, 'q1', day(10));
    s.recordShown('a', 'prompt', 1, 'q7', day(10));
    s.recordShown('b', 'insight', 1, 'q9', day(10));
    expect(s.shownSince('a', 'insight', day(5)).sort()).toEqual(['q1', 'q2']);
    expect(s.shownSince('a', 'insight', day(11))).toEqual([]);
    expect(s.shownSince('a', 'prompt', day(0))).toEqual(['q7']);
  });

  it('rolls back every write of a failed transaction', () => {
    const s = open(':memory:');
    expect(() =>
      s.write(() => {
        s.setLang('x', 'en');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(s.getLang('x')).toBeUndefined();
  });
});
