// Discord gateway shards: DISCORD_SHARDS, and on PostgreSQL one gateway session per shard across instances (a
// session advisory lock per shard). Real discord.js against the loopback fake gateway; real PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createDiscordAdapter } from '../adapters/discord/index.js';
import type { Adapter } from '../src/adapter.js';
import { createFixtureBot } from './fakes/discord-bot.js';
import { startFakeDiscord, type FakeDiscord } from './fakes/discord-fake.js';
import { memoryLogger, TEST_TOKEN, testConfig } from './fakes/discord-harness.js';
import { IDS } from './fakes/discord-interactions.js';
import { createPgDatabase } from './pg.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// `--import tsx` resolves from the working directory, which is a temp folder here.
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

let fake: FakeDiscord | undefined;
const adapters: Adapter[] = [];
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const a of adapters.splice(0)) await a.stop();
  await fake?.close();
  fake = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Shard ids of the IDENTIFYs the fake gateway received, in order. */
const identified = (f: FakeDiscord): number[] => f.identifies.map((i) => i.shard?.[0] ?? -1);
const count = (ids: number[], id: number): number => ids.filter((x) => x === id).length;

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('DISCORD_SHARDS in one process (SQLite)', () => {
  it('auto connects every shard Discord recommends, each identified once with its id and the count', async () => {
    fake = await startFakeDiscord({ token: TEST_TOKEN, applicationId: IDS.app, recommendedShards: 2 });
    const adapter = createDiscordAdapter(
      {
        config: testConfig(fake.apiUrl, TEST_TOKEN, { DISCORD_SHARDS: 'auto' }),
        logger: memoryLogger([TEST_TOKEN]).logger,
      },
      { identifyGapMs: 100 },
    );
    adapters.push(adapter);
    await adapter.start(createFixtureBot());
    expect(adapter.isReady()).toBe(true);
    expect(fake.identifies.map((i) => i.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });
});

describe('shard locks on PostgreSQL', () => {
  it('drops its shards when the lock connection drops, then takes them again', async () => {
    fake = await startFakeDiscord({ token: TEST_TOKEN, applicationId: IDS.app });
    const url = await createPgDatabase('shards');
    const log = memoryLogger([TEST_TOKEN, url]);
    const adapter = createDiscordAdapter(
      {
        config: testConfig(fake.apiUrl, TEST_TOKEN, { DATABASE_URL: url, DISCORD_SHARD_POLL_MS: '100' }),
        logger: log.logger,
      },
      { identifyGapMs: 100 },
    );
    adapters.push(adapter);
    await adapter.start(createFixtureBot());
    expect(identified(fake)).toEqual([0]);

    // The server ends the lock session (as a restart or a network failure would): the lock may now go elsewhere.
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mingyan-leases' AND datname = $1",
      [new URL(url).pathname.slice(1)],
    );
    await admin.end();
    await until('the shard to be dropped', () => log.text().includes('closing those shards'), 10_000);
    await until('the shard to be taken again', () => identified(fake!).length === 2, 20_000);
    await until('ready again', () => adapter.isReady(), 10_000);
    expect(identified(fake)).toEqual([0, 0]);
  });

  it(
    'two bot processes: one IDENTIFY per shard; SIGKILL the holder and the other takes its shards over',
    { timeout: 120_000 },
    async () => {
      fake = await startFakeDiscord({ token: TEST_TOKEN, applicationId: IDS.app });
      const url = await createPgDatabase('shards');
      const start = (): { child: ChildProcess; logs: Record<string, unknown>[] } => {
        const dir = mkdtempSync(join(tmpdir(), 'mingyan-shards-'));
        dirs.push(dir);
        const child = spawn(
          process.execPath,
          ['--import', tsxLoader, join(root, 'bin/mingyan.ts'), 'start'],
          {
            cwd: dir,
            env: {
              PATH: process.env.PATH ?? '',
              MINGYAN_ADAPTERS: 'discord',
              DISCORD_TOKEN: TEST_TOKEN,
              DISCORD_APPLICATION_ID: IDS.app,
              DISCORD_API_URL: fake!.apiUrl,
              DISCORD_SHARDS: '2',
              DATABASE_URL: url,
              // Short lock rounds, each logged at debug: the test waits for rounds, not for time.
              DISCORD_SHARD_POLL_MS: '200',
              HEALTH_PORT: '0',
              LOG_LEVEL: 'debug',
            },
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        );
        children.push(child);
        const logs: Record<string, unknown>[] = [];
        createInterface({ input: child.stderr! }).on('line', (line) => {
          try {
            logs.push(JSON.parse(line) as Record<string, unknown>);
          } catch {
            logs.push({ msg: line });
          }
        });
        return { child, logs };
      };
      const started = (p: { logs: Record<string, unknown>[] }) =>
        p.logs.some((l) => l.msg === 'adapter started');
      const shardsOf = (p: { logs: Record<string, unknown>[] }) =>
        p.logs.filter((l) => l.msg === 'discord: connected').map((l) => Number(l.shard));
      const rounds = (p: { logs: Record<string, unknown>[] }) =>
        p.logs.filter((l) => l.msg === 'discord: shard lock round').length;

      const a = start();
      const b = start();
      await until('both processes to start', () => started(a) && started(b), 60_000);
      await until('both shards to be identified', () => new Set(identified(fake!)).size === 2, 30_000);
      // Each process tries the free locks twice more (a round ends after any shard it took is connected):
      // neither may take a shard the other holds.
      const [ra, rb] = [rounds(a), rounds(b)];
      await until(
        'two more lock rounds in each process',
        () => rounds(a) >= ra + 2 && rounds(b) >= rb + 2,
        30_000,
      );
      expect(identified(fake).sort()).toEqual([0, 1]);
      expect([...shardsOf(a), ...shardsOf(b)].sort()).toEqual([0, 1]);

      const [holder, other] = shardsOf(a).includes(0) ? [a, b] : [b, a];
      const held = shardsOf(holder);
      holder.child.kill('SIGKILL');
      // Its session ends with the process, freeing its locks; the other instance takes them at a later round.
      await until(
        'the other process to identify the dead holder’s shards',
        () => held.every((id) => shardsOf(other).includes(id)),
        30_000,
      );
      const ids = identified(fake);
      for (const id of [0, 1]) expect(count(ids, id)).toBe(held.includes(id) ? 2 : 1);
      expect(shardsOf(other).sort()).toEqual([0, 1]);
    },
  );
});
