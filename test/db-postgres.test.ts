// DATABASE_URL end to end against a real PostgreSQL: `db copy` from a SQLite install, `db migrate`, doctor,
// readiness, and the scheduler posting from Postgres.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { CliIO } from '../src/cli/types.js';
import { createManualClock } from '../src/clock.js';
import { loadConfig, secretsOf } from '../src/config.js';
import { doctorCommand } from '../src/doctor.js';
import { createLogger, silentLogger } from '../src/log.js';
import { dbCommand } from '../src/store/cli.js';
import { openStore } from '../src/store/index.js';
import { createPgDatabase } from './pg.js';
import { SH, fakeAdapter, instance, request } from './schedule-helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mingyan-dbcli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(
  command: typeof dbCommand,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const io: CliIO = {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: { LOG_LEVEL: 'silent', ...env },
    cwd: dir,
  };
  const code = await command.run(args, io);
  return { code, out, err };
}

/** A SQLite install with history: two subscriptions, posts (one posted, one uncertain), decks and a setting. */
async function sqliteInstall(path: string): Promise<void> {
  const clock = createManualClock(SH('2025-05-31', '20:00'));
  const shell = fakeAdapter('shell');
  const { store, scheduler } = await instance({ path, clock, adapters: [shell] });
  expect((await scheduler.subscribe(request())).ok).toBe(true);
  expect(
    (await scheduler.subscribe(request({ kind: 'discuss', channel: 'slack:T1:C1', days: [0] }))).ok,
  ).toBe(true);
  await store.setLang('shell:local', 'en');
  for (const day of ['2025-06-01', '2025-06-02', '2025-06-03']) {
    clock.set(SH(day, '09:00'));
    await scheduler.tick();
  }
  const sub = await store.getSubscription('shell:local', 'daily');
  const row = await store.insertClaim(
    {
      subscriptionId: sub!.id,
      localDate: '2025-06-04',
      scheduledAt: new Date(SH('2025-06-04', '09:00')),
      quoteId: 'q1',
    },
    new Date(SH('2025-06-04', '09:00')),
  );
  await store.markUncertain(row!.id, 'timeout');
  const bot = { botUserId: 'UBOT', botScopes: ['commands', 'chat:write'], installerUserId: 'U1' };
  await store.saveInstallation(
    {
      ...bot,
      teamId: 'T1',
      isEnterpriseInstall: false,
      botToken: 'xoxe.xoxb-copy-1',
      botRefreshToken: 'xoxe-1-r',
      botExpiresAt: '2025-06-04T12:00:00.000Z',
    },
    new Date(SH('2025-06-01', '09:00')),
  );
  await store.saveInstallation(
    { ...bot, enterpriseId: 'E1', isEnterpriseInstall: true, botToken: 'xoxb-copy-org' },
    new Date(SH('2025-06-01', '09:00')),
  );
  await store.rememberEnterpriseTeam('T7', 'E1', new Date(SH('2025-06-01', '09:00')));
  await store.close();
}

describe('mingyan db copy --to postgres://', () => {
  it('moves every row of a SQLite install; a second run copies nothing and changes nothing', async () => {
    const path = join(dir, 'copy.db');
    await sqliteInstall(path);
    const url = await createPgDatabase('copy');
    const first = await run(dbCommand, ['copy', '--to', url], { MINGYAN_DB: path });
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/subscriptions: 2 row\(s\); 2 copied, 0 already there/);
    expect(first.out).toMatch(/posts: ([1-9]\d*) row\(s\); \1 copied, 0 already there/);
    expect(first.out).toMatch(/channel_settings: 1 row\(s\); 1 copied/);
    expect(first.out).toMatch(/slack_installations: 2 row\(s\); 2 copied, 0 already there/);
    expect(first.out).not.toContain('mingyan-test'); // the password
    expect(first.out).not.toContain('xoxb-copy'); // a token

    const sqlite = await openStore(path);
    const pg = await openStore(url);
    try {
      expect(await pg.listSubscriptions()).toEqual(await sqlite.listSubscriptions());
      for (const sub of await sqlite.listSubscriptions()) {
        for (const day of ['2025-06-01', '2025-06-02', '2025-06-03', '2025-06-04']) {
          expect(await pg.getPost(sub.id, day)).toEqual(await sqlite.getPost(sub.id, day));
        }
        expect(await pg.getRotation(sub.channel, 'insight')).toEqual(
          await sqlite.getRotation(sub.channel, 'insight'),
        );
      }
      expect(await pg.getLang('shell:local')).toBe('en');
      expect(await pg.listInstallations()).toEqual(await sqlite.listInstallations());
      expect((await pg.installationForTeam('T7'))?.botToken).toBe('xoxb-copy-org');

      const again = await run(dbCommand, ['copy', '--to', url], { MINGYAN_DB: path });
      expect(again.code).toBe(0);
      expect(again.out).toMatch(/subscriptions: 2 row\(s\); 0 copied, 2 already there/);
      expect(again.out).toMatch(/posts: ([1-9]\d*) row\(s\); 0 copied, \1 already there/);
      expect(again.out).toMatch(/rotation_shown: ([1-9]\d*) row\(s\); 0 copied, \1 already there/);
      expect(again.out).toMatch(/slack_installations: 2 row\(s\); 0 copied, 2 already there/);
      // New rows on Postgres get fresh ids after the copied ones.
      const next = await pg.upsertSubscription({ ...request({ channel: 'discord:G1:C1' }) }, new Date());
      expect(next.id).toBeGreaterThan(Math.max(...(await sqlite.listSubscriptions()).map((s) => s.id)));
    } finally {
      await sqlite.close();
      await pg.close();
    }
  });

  it("refuses to merge into another install's database and writes nothing", async () => {
    const path = join(dir, 'mine.db');
    await sqliteInstall(path);
    const url = await createPgDatabase('other');
    const other = await openStore(url);
    await other.upsertSubscription(request({ channel: 'discord:G9:C9' }), new Date());
    const result = await run(dbCommand, ['copy', '--to', url], { MINGYAN_DB: path });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/copy failed, nothing was written: .*different subscriptions row/);
    expect(await other.getLang('shell:local')).toBeUndefined();
    expect(await other.listSubscriptions()).toHaveLength(1);
    await other.close();
  });

  it('says what is wrong with a missing source, a missing target, or an unreachable server (no password)', async () => {
    expect((await run(dbCommand, ['copy'], { MINGYAN_DB: join(dir, 'x.db') })).err).toMatch(/--to takes/);
    const missing = await run(dbCommand, ['copy', '--to', 'postgres://u:pw@127.0.0.1:1/db'], {
      MINGYAN_DB: join(dir, 'none.db'),
    });
    expect(missing).toMatchObject({ code: 1, err: expect.stringMatching(/no SQLite database at/) });
    const path = join(dir, 'unreachable.db');
    await (await openStore(path)).close();
    const down = await run(dbCommand, ['copy', '--to', 'postgres://u:sekrit99@127.0.0.1:1/db'], {
      MINGYAN_DB: path,
    });
    expect(down.code).toBe(1);
    expect(down.err).toMatch(/cannot open PostgreSQL 127\.0\.0\.1:1\/db/);
    expect(down.err).not.toContain('sekrit99');
  });
});

describe('DATABASE_URL selects PostgreSQL', () => {
  it('db migrate brings a new database to the current schema; doctor then reports it', async () => {
    const url = await createPgDatabase('migrate');
    const before = await run(doctorCommand as typeof dbCommand, [], { DATABASE_URL: url });
    expect(before.out).toMatch(
      /ok {3}database: PostgreSQL 127\.0\.0\.1:\d+\/\S+ answers; schema version 0 \(\d+ after/,
    );
    const migrated = await run(dbCommand, ['migrate'], { DATABASE_URL: url });
    expect(migrated).toMatchObject({
      code: 0,
      out: expect.stringMatching(/PostgreSQL .* schema at version \d+/),
    });
    const after = await run(doctorCommand as typeof dbCommand, [], { DATABASE_URL: url });
    expect(after.out).toMatch(/ok {3}database: PostgreSQL .* answers; schema version \d+\n/);
    expect(after.out).toContain('DATABASE_URL (secret)');
    expect(after.out).not.toContain('mingyan-test');
  });

  it('doctor fails clearly when the server does not answer, without printing the password', async () => {
    const down = await run(doctorCommand as typeof dbCommand, [], {
      DATABASE_URL: 'postgres://me:hunter22@127.0.0.1:1/x',
    });
    expect(down.code).toBe(1);
    expect(down.out).toMatch(/FAIL database: PostgreSQL 127\.0\.0\.1:1\/x does not answer/);
    expect(down.out).not.toContain('hunter22');
  });

  it('the logger scrubs the database URL and its password from every line', () => {
    const loaded = loadConfig({ DATABASE_URL: 'postgres://bot:s3cr%40t-pw@db.example:5432/mingyan' });
    if (!loaded.ok) throw new Error('bad config');
    let out = '';
    const logger = createLogger({
      level: 'info',
      secrets: secretsOf(loaded.value),
      destination: { write: (line: string) => void (out += line) },
    });
    logger.error({ url: loaded.value.databaseUrl }, 'connect failed: password s3cr@t-pw rejected');
    expect(out).toContain('[redacted]');
    expect(out).not.toContain('s3cr');
  });

  it('a bad DATABASE_URL is a configuration problem naming the variable', () => {
    const loaded = loadConfig({ DATABASE_URL: 'mysql://x' });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.error[0]).toMatchObject({ variable: 'DATABASE_URL' });
  });

  it('the app runs on Postgres: readiness asks it, a subscription posts once, and readiness fails after stop', async () => {
    const url = await createPgDatabase('app');
    const loaded = loadConfig({ DATABASE_URL: url, MINGYAN_ADAPTERS: 'shell' });
    if (!loaded.ok) throw new Error('bad config');
    const clock = createManualClock(SH('2025-05-31', '20:00'));
    const shell = fakeAdapter('shell');
    const app = await createApp({
      config: loaded.value,
      logger: silentLogger,
      clock,
      adapters: [shell],
      timer: false,
    });
    expect(app.store.dialect).toBe('postgres');
    await app.start();
    expect((await app.readiness()).database).toBe(true);
    expect((await app.scheduler.subscribe(request())).ok).toBe(true);
    clock.set(SH('2025-06-01', '09:00'));
    await app.scheduler.tick();
    await app.scheduler.tick();
    expect(shell.calls).toHaveLength(1);
    await app.stop();
    expect((await app.readiness()).database).toBe(false);
  });
});
