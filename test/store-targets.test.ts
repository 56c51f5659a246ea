// Which database a target names, how it is described to operators, and what sharing one SQLite file in a process
// means; plus the reads the scheduler uses to find its next due instant, on SQLite and on PostgreSQL.
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { describeTarget, isPostgresUrl, openStore } from '../src/store/index.js';
import type { Store } from '../src/store/index.js';
import { createPgDatabase } from './pg.js';
import { tempDb } from './schedule-helpers.js';

const NOW = new Date('2025-06-01T00:00:00Z');
const sub = {
  channel: 'slack:T1:C1',
  kind: 'daily' as const,
  time: '09:00',
  days: [0, 1, 2, 3, 4, 5, 6],
  timezone: 'UTC',
  lang: 'both' as const,
  createdBy: 'U1',
};

const stores: Store[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  for (const c of cleanups.splice(0)) c();
});
const track = (s: Store): Store => {
  stores.push(s);
  return s;
};
const temp = () => {
  const t = tempDb();
  cleanups.push(t.cleanup);
  return t;
};

describe('database targets', () => {
  it('postgres:// and postgresql:// (any case) name PostgreSQL; anything else is a SQLite path', () => {
    expect(isPostgresUrl('postgres://db.example/mingyan')).toBe(true);
    expect(isPostgresUrl('POSTGRESQL://db.example/mingyan')).toBe(true);
    expect(isPostgresUrl('./data/postgres://odd-file-name.db')).toBe(false);
    expect(isPostgresUrl('postgresq://typo/mingyan')).toBe(false);
  });

  it('are described for messages without ever showing a password', () => {
    expect(describeTarget('postgres://mingyan:s3cret@db.example:5433/quotes')).toBe(
      'PostgreSQL db.example:5433/quotes',
    );
    expect(describeTarget('postgresql://mingyan:s3cret@db.example/quotes')).toBe(
      'PostgreSQL db.example/quotes',
    );
    expect(describeTarget('postgres://mingyan:s3cret@[not a host/quotes')).toBe(
      'PostgreSQL (the URL does not parse)',
    );
    expect(describeTarget(':memory:')).toBe('SQLite in memory');
    expect(describeTarget('/var/lib/mingyan/mingyan.db')).toBe('SQLite at /var/lib/mingyan/mingyan.db');
  });
});

describe('a postgres:// target', () => {
  it('keeps its rows in that PostgreSQL database, and close() ends its connections', async () => {
    const url = await createPgDatabase('store');
    const s = track(await openStore(url));
    await s.upsertSubscription(sub, NOW);
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    const direct = new pg.Client({ connectionString: url });
    await admin.connect();
    await direct.connect();
    try {
      const { rows } = await direct.query<{ n: string }>('SELECT count(*) AS n FROM subscriptions');
      expect(rows).toEqual([{ n: '1' }]);
      const others = async () =>
        (
          await admin.query<{ n: string }>(
            'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> $2',
            [
              new URL(url).pathname.slice(1),
              (await direct.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid,
            ],
          )
        ).rows[0]!.n;
      expect(Number(await others())).toBeGreaterThan(0);
      await s.close();
      await expect.poll(others).toBe('0');
    } finally {
      await direct.end();
      await admin.end();
    }
  });
});

describe('two Stores on one SQLite file in one process (the bot and its scheduler)', () => {
  it('take turns instead of failing with SQLITE_BUSY, and closing one leaves the other working', async () => {
    const { path } = temp();
    const a = track(await openStore(path));
    const b = track(await openStore(path));
    const { id } = await a.upsertSubscription(sub, NOW);
    // A transaction of `a` still open (awaiting something) while `b` writes.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = a.write(async (tx) => {
      await tx.setLang('slack:T1:C1', 'zh');
      await gate;
    });
    const second = b.setLang('slack:T1:C2', 'en');
    await sleep(5);
    release();
    await Promise.all([first, second]);
    expect(await b.getLang('slack:T1:C1')).toBe('zh');
    expect(await a.getLang('slack:T1:C2')).toBe('en');
    await a.close();
    expect((await b.getSubscription('slack:T1:C1', 'daily'))?.id).toBe(id);
    // Each answers readiness for itself, though they share one connection.
    await expect(a.ping()).rejects.toThrow('the store is closed');
    await expect(b.ping()).resolves.toBeUndefined();
    expect(existsSync(`${path}-wal`)).toBe(true);
    // The last one closed lets go of the file: SQLite folds its write-ahead log back in and removes it.
    await b.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('two in-memory Stores are two separate databases', async () => {
    const a = track(await openStore(':memory:'));
    const b = track(await openStore(':memory:'));
    await a.setLang('shell:local', 'zh');
    expect(await b.getLang('shell:local')).toBeUndefined();
  });
});

const backends: { name: string; target: () => Promise<string> }[] = [
  { name: 'SQLite', target: async () => temp().path },
  { name: 'PostgreSQL', target: () => createPgDatabase('store') },
];

describe.each(backends)('scheduler reads on $name', ({ target }) => {
  it('postsFrom gives one subscription its rows from a local date on, oldest first', async () => {
    const s = track(await openStore(await target()));
    const { id } = await s.upsertSubscription(sub, NOW);
    const other = await s.upsertSubscription({ ...sub, channel: 'slack:T1:C2' }, NOW);
    for (const localDate of ['2025-06-03', '2025-05-30', '2025-06-01'])
      await s.insertMissed(
        { subscriptionId: id, localDate, scheduledAt: new Date(`${localDate}T09:00:00Z`) },
        NOW,
      );
    await s.insertMissed(
      { subscriptionId: other.id, localDate: '2025-06-02', scheduledAt: new Date('2025-06-02T09:00:00Z') },
      NOW,
    );
    expect((await s.postsFrom(id, '2025-06-01')).map((p) => p.localDate)).toEqual([
      '2025-06-01',
      '2025-06-03',
    ]);
  });

  it("listSubscriptions(channel) lists that channel's subscriptions only", async () => {
    const s = track(await openStore(await target()));
    await s.upsertSubscription(sub, NOW);
    await s.upsertSubscription({ ...sub, kind: 'discuss' }, NOW);
    await s.upsertSubscription({ ...sub, channel: 'slack:T1:C2' }, NOW);
    expect((await s.listSubscriptions('slack:T1:C1')).map((x) => [x.channel, x.kind]).sort()).toEqual([
      ['slack:T1:C1', 'daily'],
      ['slack:T1:C1', 'discuss'],
    ]);
    expect(await s.listSubscriptions()).toHaveLength(3);
  });
});

describe.each(backends)('records read back as written on $name', ({ target }) => {
  it('a Slack installation keeps every field it was saved with, and an absent one stays absent', async () => {
    const s = track(await openStore(await target()));
    const full = {
      enterpriseId: 'E1',
      teamId: 'T1',
      teamName: 'Acme',
      enterpriseName: 'Acme Group',
      enterpriseUrl: 'https://acme.enterprise.slack.com/',
      isEnterpriseInstall: false,
      appId: 'A1',
      botToken: 'xoxe.xoxb-1',
      botId: 'B1',
      botUserId: 'UBOT',
      botScopes: ['commands', 'chat:write'],
      botRefreshToken: 'xoxe-1',
      botExpiresAt: '2025-06-01T12:00:00.000Z',
      installerUserId: 'U1',
    };
    await s.saveInstallation(full, NOW);
    expect(await s.getInstallation({ enterpriseId: 'E1', teamId: 'T1' })).toEqual({
      ...full,
      installedAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
    const bare = {
      teamId: 'T2',
      isEnterpriseInstall: false,
      botToken: 'xoxb-2',
      botUserId: 'UBOT',
      botScopes: [],
    };
    await s.saveInstallation(bare, NOW);
    const read = await s.getInstallation({ teamId: 'T2' });
    expect(read).toEqual({ ...bare, installedAt: NOW.toISOString(), updatedAt: NOW.toISOString() });
    await s.saveInstallation(
      {
        enterpriseId: 'E9',
        isEnterpriseInstall: true,
        botToken: 'xoxb-org',
        botUserId: 'U',
        botScopes: ['commands'],
      },
      NOW,
    );
    expect(await s.getInstallation({ enterpriseId: 'E9' })).toMatchObject({
      isEnterpriseInstall: true,
      teamId: undefined,
    });
  });

  it('subscribing again is held back by the latest post of the channel, an uncertain one included', async () => {
    const s = track(await openStore(await target()));
    const { id } = await s.upsertSubscription(sub, NOW);
    const post = async (localDate: string, at: string, outcome: 'posted' | 'uncertain') => {
      const row = await s.insertClaim(
        { subscriptionId: id, localDate, scheduledAt: new Date(at), quoteId: 'q1' },
        new Date(at),
      );
      if (outcome === 'posted') await s.markPosted(row!.id, 'M', new Date(at));
      else await s.markUncertain(row!.id, 'timeout: it may or may not have gone out');
    };
    await post('2025-06-01', '2025-06-01T20:00:00Z', 'posted');
    await post('2025-06-02', '2025-06-02T08:00:00Z', 'uncertain');
    // 20 hours after the later one (the uncertain post may have arrived), not after the earlier.
    const again = await s.upsertSubscription({ ...sub, time: '18:00' }, new Date('2025-06-02T10:00:00Z'));
    expect(again.effectiveFrom).toBe('2025-06-03T04:00:00.000Z');
  });
});

describe.each(backends)('post outcomes that arrive late, on $name', ({ target }) => {
  const claimed = async () => {
    const s = track(await openStore(await target()));
    const { id } = await s.upsertSubscription(sub, NOW);
    const row = await s.insertClaim(
      { subscriptionId: id, localDate: '2025-06-01', scheduledAt: NOW, quoteId: 'q1' },
      NOW,
    );
    return { s, id, postId: row!.id };
  };

  it('a claim swept as uncertain says why, and a late success or a definite failure still records what happened', async () => {
    const { s, id, postId } = await claimed();
    await s.markStaleClaims(new Date(NOW.getTime() + 600_000));
    expect(await s.getPost(id, '2025-06-01')).toMatchObject({
      status: 'uncertain',
      error: 'the process stopped while posting; not re-posted, it may or may not have gone out',
    });
    await s.markPosted(postId, 'M1', NOW);
    expect(await s.getPost(id, '2025-06-01')).toMatchObject({ status: 'posted', messageId: 'M1' });

    const other = await s.upsertSubscription({ ...sub, channel: 'slack:T1:C2' }, NOW);
    const row = await s.insertClaim(
      { subscriptionId: other.id, localDate: '2025-06-01', scheduledAt: NOW, quoteId: 'q1' },
      NOW,
    );
    await s.markStaleClaims(new Date(NOW.getTime() + 600_000));
    await s.markFailed(row!.id, 'slack 429 ratelimited', new Date(NOW.getTime() + 60_000));
    expect(await s.getPost(other.id, '2025-06-01')).toMatchObject({
      status: 'failed',
      error: 'slack 429 ratelimited',
    });
  });

  it('a new schedule takes over a superseded missed, given-up or posted row of the same local date', async () => {
    const s = track(await openStore(await target()));
    const next = { scheduledAt: new Date('2025-06-02T03:00:00Z'), quoteId: 'q2' };
    for (const [i, outcome] of (['missed', 'failed', 'posted'] as const).entries()) {
      const { id } = await s.upsertSubscription({ ...sub, channel: `slack:T1:C${i}` }, NOW);
      const input = { subscriptionId: id, localDate: '2025-06-01', scheduledAt: NOW, quoteId: 'q1' };
      let rowId: number;
      if (outcome === 'missed') {
        await s.insertMissed(input, NOW);
        rowId = (await s.getPost(id, '2025-06-01'))!.id;
      } else {
        rowId = (await s.insertClaim(input, NOW))!.id;
        if (outcome === 'failed') await s.markFailed(rowId, 'slack rejected', undefined);
        else await s.markPosted(rowId, 'M1', NOW);
      }
      // Subscribed again more than 20 hours later (no gap held): the row is from before the new schedule.
      await s.upsertSubscription({ ...sub, channel: `slack:T1:C${i}` }, new Date('2025-06-01T22:00:00Z'));
      expect(await s.claimSuperseded(rowId, next, new Date('2025-06-02T03:00:00Z'))).toMatchObject({
        status: 'claimed',
        quoteId: 'q2',
      });
    }
  });

  it('an empty team id never resolves to an org-wide installation', async () => {
    const s = track(await openStore(await target()));
    await s.saveInstallation(
      { enterpriseId: 'E9', isEnterpriseInstall: true, botToken: 'xoxb-org', botUserId: 'U', botScopes: [] },
      NOW,
    );
    expect(await s.installationForTeam('')).toBeUndefined();
  });
});
