/**
 * `npm run bench:schedule -- --drain`: 2,000 daily posts due in the same minute, drained by the real scheduler
 * (createScheduler, its bounded pool) through the real adapters (discord.js against test/fakes/discord-fake.ts,
 * Bolt's Web API client in distribution mode against test/fakes/slack-api.ts) with the fakes enforcing the
 * documented rate limits (test/fakes/rate-limits.ts), on a real store file (or PostgreSQL with --db postgres).
 *
 *   npm run bench:schedule -- --drain [--posts 2000] [--only discord|slack] [--db sqlite|postgres]
 *                                     [--guilds 20] [--slack-workspaces 4] [--slack-per-minute 300]
 *                                     [--slack-window minute|second] [--unlimited]
 *
 * --slack-window second counts Slack's workspace figure per second (5 in any second for 300/min) instead of per
 * minute; --unlimited switches the fakes' limits off, to show the pipeline's own speed.
 *
 * The scheduler's clock runs at real speed from the due minute; a tick runs at the start and then on each
 * following minute boundary while anything is left (production ticks once a minute from cron). Afterwards it
 * checks, from the store and from what the fake accepted, that every subscription has exactly one post row,
 * 'posted', and every channel got exactly one message (Discord: carrying that row's nonce `mg<id>`), and reports
 * the drain time against what the limits allow:
 * - Discord: 50 requests/s per bot ("global"), so N posts need (N - 50) / 50 s at best (the first second's 50
 *   go at once); per channel 5 per 5 s never binds here (one post per channel).
 * - Slack: limits are per workspace; the workspace-wide chat.postMessage figure is undocumented beyond "several
 *   hundred messages per minute", taken as 300/min: at most 300 in any minute (a workspace with n posts needs
 *   floor((n - 1) / 300) minutes at best), or with --slack-window second at most 5 in any second
 *   (floor((n - 1) / 5) s). The posts are spread over several workspaces of one distributed app (distribution mode), which is
 *   where thousands of channels due at once come from; 2,000 channels in one workspace would take 7 minutes
 *   whatever the bot does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDiscordAdapter } from '../adapters/discord/index.js';
import { createSlackAdapter } from '../adapters/slack/index.js';
import type { Adapter } from '../src/adapter.js';
import { platformOf } from '../src/adapter.js';
import type { Clock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { createScheduler, type TickReport } from '../src/schedule/index.js';
import { openMigratedDatabase, openStore, type Store } from '../src/store/index.js';
import { startFakeDiscord } from '../test/fakes/discord-fake.js';
import { createSpyBot, shippedCorpus } from '../test/fakes/slack-bot.js';
import { startFakeSlack } from '../test/fakes/slack-api.js';
import { createDatabaseOn, startPgServer, type PgServer } from '../test/pg-server.js';
import { quantile, table } from './stats.js';
import { ZONES, insertDailySubscriptions } from './subscriptions.js';

/** What `--drain` was asked for. */
export interface DrainOptions {
  posts: number;
  only?: 'discord' | 'slack';
  db: 'sqlite' | 'postgres';
  guilds: number;
  slackWorkspaces: number;
  slackPerMinute: number;
  /** How the fake counts the workspace figure (see SlackLimitOptions.workspaceWindow). */
  slackWindow: 'minute' | 'second';
  /** Fakes without limits: how fast the scheduler and adapters go on their own (the headroom). */
  unlimited: boolean;
}

/** Reads the drain flags from argv. */
export function drainOptions(args: readonly string[]): DrainOptions {
  const arg = (name: string): string | undefined =>
    args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
  const only = arg('--only');
  return {
    posts: Number(arg('--posts') ?? 2000),
    ...(only === 'discord' || only === 'slack' ? { only } : {}),
    db: arg('--db') === 'postgres' ? 'postgres' : 'sqlite',
    guilds: Number(arg('--guilds') ?? 20),
    slackWorkspaces: Number(arg('--slack-workspaces') ?? 4),
    slackPerMinute: Number(arg('--slack-per-minute') ?? 300),
    slackWindow: arg('--slack-window') === 'second' ? 'second' : 'minute',
    unlimited: args.includes('--unlimited'),
  };
}

const T = new Date('2025-06-02T06:00:00Z'); // the due minute
const APP_ID = '1300000000000000001';
const DISCORD_TOKEN = 'drain-bench-token.for-the-loopback-fake.only';

/** The scheduler's clock: starts 5 s into the due minute and runs at real speed. */
function runningClock(): Clock & { elapsedMs(): number } {
  const start = performance.now();
  const at = T.getTime() + 5_000;
  return {
    now: () => new Date(at + (performance.now() - start)),
    elapsedMs: () => performance.now() - start,
  };
}

/** Daily subscriptions on `channels`, each due at T in one of 400 zones. */
async function fill(target: string, channels: readonly string[]): Promise<void> {
  const setup = await openMigratedDatabase(target);
  // Subscribed an hour before: T is their first occurrence (nothing earlier to record as missed).
  const from = new Date(T.getTime() - 3_600_000);
  await insertDailySubscriptions(
    setup.db,
    channels.map((channel, i) => ({ channel, zone: ZONES[i % ZONES.length] as string, at: T, from })),
  );
  await setup.release();
}

/** Every subscription's post rows, from the database itself. */
async function postRows(
  target: string,
): Promise<{ channel: string; id: number | null; status: string | null; message: string | null }[]> {
  const setup = await openMigratedDatabase(target);
  try {
    return await setup.db
      .selectFrom('subscriptions as s')
      .leftJoin('posts as p', 'p.subscription_id', 's.id')
      .select(['s.channel as channel', 'p.id as id', 'p.status as status', 'p.message_id as message'])
      .execute();
  } finally {
    await setup.release();
  }
}

interface Drained {
  ticks: TickReport[];
  drainMs: number;
  /** When each accepted post came back, ms from the first tick. */
  okAt: number[];
  /** Seconds from the first tick at which each tick started. */
  tickStarts: number[];
}

/**
 * Ticks at once, then on each minute boundary (of the run) while a subscription has no posted row; gives up
 * after `maxMinutes`. The drain time runs from the first tick to the last accepted post.
 */
async function drain(
  store: Store,
  adapter: Adapter,
  clock: ReturnType<typeof runningClock>,
  total: number,
  maxMinutes = 12,
): Promise<Drained> {
  let posted = 0;
  let start = performance.now();
  let lastOk = 0;
  const okAt: number[] = [];
  // The real adapter, timed: when each accepted post came back.
  const timed: Adapter = {
    ...adapter,
    post: async (channel, reply, options) => {
      const result = await adapter.post(channel, reply, options);
      if (result.ok) {
        posted += 1;
        lastOk = performance.now();
        okAt.push(lastOk - start);
      }
      return result;
    },
  };
  const scheduler = createScheduler({
    store,
    corpus: shippedCorpus(),
    clock,
    logger: silentLogger,
    adapterFor: (channel) => (platformOf(channel) === adapter.name ? timed : undefined),
    defaultTimeZone: 'UTC',
    missedWindowHours: 6,
  });
  const ticks: TickReport[] = [];
  const tickStarts: number[] = [];
  start = performance.now();
  for (;;) {
    tickStarts.push((performance.now() - start) / 1000);
    ticks.push(await scheduler.tick());
    if (posted >= total || ticks.length > maxMinutes) break;
    // The next minute boundary (cron skips a minute whose tick is still running: tick() joins it).
    const next = start + Math.ceil((performance.now() - start + 1) / 60_000) * 60_000;
    await new Promise((resolve) => setTimeout(resolve, next - performance.now()));
  }
  await scheduler.stop();
  return { ticks, tickStarts, okAt, drainMs: lastOk - start };
}

/** Each tick: when it started, and what it posted / failed / skipped. */
const perTick = (run: Drained): string =>
  run.ticks
    .map(
      (t, i) =>
        `${(run.tickStarts[i] ?? 0).toFixed(0)} s: ${t.posted.length}/${t.failed.length}/${t.skipped.length}`,
    )
    .join(', ');

/** When half, 90% and 99% of the posts had gone out. */
const spread = (run: Drained): string =>
  [0.5, 0.9, 0.99].map((q) => `${q * 100}% by ${(quantile(run.okAt, q) / 1000).toFixed(1)} s`).join(', ');

/** Sums of a run's tick reports. */
function tally(ticks: readonly TickReport[]) {
  const sum = (f: (t: TickReport) => number) => ticks.reduce((n, t) => n + f(t), 0);
  return {
    posted: sum((t) => t.posted.length),
    failed: sum((t) => t.failed.length),
    retried: sum((t) => t.posted.filter((p) => p.attempt > 1).length),
    skipped: sum((t) => t.skipped.length),
    uncertain: sum((t) => t.uncertain.length),
    missed: sum((t) => t.missed.length),
  };
}

/** One row of the result table and the problems found (empty: nothing lost or doubled). */
interface Outcome {
  row: string[];
  problems: string[];
  notes: string[];
}

async function openTarget(db: DrainOptions['db'], pg: () => Promise<PgServer>, dir: string, name: string) {
  return db === 'postgres' ? createDatabaseOn((await pg()).adminUrl, 'drain') : join(dir, `${name}.db`);
}

async function drainDiscord(opts: DrainOptions, target: string): Promise<Outcome> {
  const n = opts.posts;
  const guilds = Array.from({ length: opts.guilds }, (_, g) =>
    String(1_310_000_000_000_000_000n + BigInt(g)),
  );
  const channelIds = Array.from({ length: n }, (_, i) => String(1_320_000_000_000_000_000n + BigInt(i)));
  const address = (i: number) => `discord:${guilds[i % guilds.length]}:${channelIds[i]}`;
  await fill(
    target,
    channelIds.map((_, i) => address(i)),
  );
  const fake = await startFakeDiscord({
    token: DISCORD_TOKEN,
    applicationId: APP_ID,
    guilds: guilds.map((id) => ({ id, channels: [], threads: [] })),
    ...(opts.unlimited ? {} : { rateLimits: true as const }),
  });
  const loaded = loadConfig({
    DISCORD_TOKEN,
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API_URL: fake.apiUrl,
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  const adapter = createDiscordAdapter({ config: loaded.value, logger: silentLogger });
  await adapter.start(createSpyBot());
  const store = await openStore(target);
  const before = fake.requests.length;
  const limitedBefore = fake.rateLimited.length;
  let run: Drained;
  try {
    run = await drain(store, adapter, runningClock(), n);
  } finally {
    await store.close();
    await adapter.stop();
    await fake.close();
  }
  const rows = await postRows(target);
  const problems = checkRows(rows, n);
  // From the fake: exactly one message per channel, carrying its post row's nonce and id.
  const byChannel = new Map(rows.map((r) => [r.channel.split(':')[2] ?? '', r]));
  let messages = 0;
  for (const id of channelIds) {
    const made = fake.created.get(id) ?? [];
    messages += made.length;
    const row = byChannel.get(id);
    if (made.length !== 1) problems.push(`channel ${id}: ${made.length} messages`);
    else if (made[0]?.nonce !== `mg${row?.id}` || made[0]?.id !== row?.message)
      problems.push(`channel ${id}: message ${made[0]?.id} nonce ${made[0]?.nonce} != row ${row?.id}`);
  }
  const posts = fake.requests
    .slice(before)
    .filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
  const limited = fake.rateLimited.slice(limitedBefore);
  const global = limited.filter((l) => l.scope === 'global').length;
  const route = limited.filter((l) => l.scope === 'user').length;
  const early = limited.filter((l) => l.early).length;
  const t = tally(run.ticks);
  const ideal = Math.max(0, (n - 50) / 50);
  return {
    row: [
      'Discord',
      `${n} in ${opts.guilds} guilds`,
      opts.unlimited ? 'none (discord.js paces at 50/s)' : '50 req/s global',
      opts.unlimited ? '-' : `${ideal.toFixed(1)} s`,
      `${(run.drainMs / 1000).toFixed(1)} s`,
      (n / (run.drainMs / 1000)).toFixed(1),
      opts.unlimited ? '-' : `${((100 * ideal * 1000) / run.drainMs).toFixed(0)}%`,
      String(run.ticks.length),
      `${global} global, ${route} route`,
      String(early),
      lostDoubled(channelIds.map((id) => fake.created.get(id)?.length ?? 0)),
    ],
    problems,
    notes: [
      `Discord: ${messages} messages in ${channelIds.length} channels from ${posts.length} POSTs; ${spread(run)}; ticks (posted/failed/skipped) at ${perTick(run)}; ` +
        `in all ${t.posted} posted (${t.retried} on a retry), ${t.failed} failed attempts, ${t.skipped} skipped, ${t.uncertain} uncertain.`,
    ],
  };
}

async function drainSlack(opts: DrainOptions, target: string): Promise<Outcome> {
  const n = opts.posts;
  const w = Math.max(1, opts.slackWorkspaces);
  const teams = Array.from({ length: w }, (_, i) => `TDRAIN${i + 1}`);
  const channels = Array.from(
    { length: n },
    (_, i) => `slack:${teams[i % w]}:CD${String(i).padStart(5, '0')}`,
  );
  await fill(target, channels);
  const fake = await startFakeSlack(
    opts.unlimited
      ? {}
      : { rateLimits: { workspacePerMinute: opts.slackPerMinute, workspaceWindow: opts.slackWindow } },
  );
  const loaded = loadConfig({
    SLACK_CLIENT_ID: fake.oauth.clientId,
    SLACK_CLIENT_SECRET: fake.oauth.clientSecret,
    SLACK_STATE_SECRET: 'drain-bench-state-secret-for-the-fake',
    SLACK_SIGNING_SECRET: 'drain-bench-signing-secret',
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  const store = await openStore(target);
  const clock = runningClock();
  // Installed in each workspace, as oauth.v2.access would have saved it (the install flow has its own tests).
  for (const [i, teamId] of teams.entries())
    await store.saveInstallation(
      {
        teamId,
        teamName: `Drain ${i + 1}`,
        isEnterpriseInstall: false,
        botToken: `xoxb-drain-${i + 1}-benchtoken`,
        botUserId: `UDRAIN${i + 1}`,
        botScopes: ['chat:write'],
      },
      clock.now(),
    );
  const adapter = createSlackAdapter({ config: loaded.value, logger: silentLogger }, { host: '127.0.0.1' });
  await adapter.start(createSpyBot(), { store, clock });
  let run: Drained;
  try {
    run = await drain(store, adapter, clock, n);
  } finally {
    await adapter.stop();
    await store.close();
    await fake.close();
  }
  const rows = await postRows(target);
  const problems = checkRows(rows, n);
  // From the fake: per channel, the calls it accepted (all calls less the ones it answered 429).
  const calls = new Map<string, number>();
  for (const c of fake.callsOf('chat.postMessage'))
    calls.set(String(c.params.channel), (calls.get(String(c.params.channel)) ?? 0) + 1);
  for (const l of fake.rateLimited) calls.set(l.channel, (calls.get(l.channel) ?? 0) - 1);
  let messages = 0;
  for (const channel of channels) {
    const id = channel.split(':')[2] ?? '';
    const accepted = calls.get(id) ?? 0;
    messages += accepted;
    if (accepted !== 1) problems.push(`channel ${id}: ${accepted} messages`);
  }
  const perTeam = Math.ceil(n / w);
  // Best case: each workspace sends its allowance at once, then one more allowance per window.
  const perSecond = Math.max(1, Math.round(opts.slackPerMinute / 60));
  const ideal =
    opts.slackWindow === 'minute'
      ? Math.floor((perTeam - 1) / opts.slackPerMinute) * 60
      : Math.floor((perTeam - 1) / perSecond);
  const workspaceLimited = fake.rateLimited.filter((l) => l.scope === 'workspace').length;
  const channelLimited = fake.rateLimited.length - workspaceLimited;
  const t = tally(run.ticks);
  return {
    row: [
      'Slack',
      `${n} in ${w} workspaces`,
      opts.unlimited
        ? 'none'
        : opts.slackWindow === 'minute'
          ? `${opts.slackPerMinute} in any minute per workspace, 1/s per channel`
          : `${perSecond} in any second per workspace (${opts.slackPerMinute}/min), 1/s per channel`,
      opts.unlimited ? '-' : `${ideal.toFixed(1)} s`,
      `${(run.drainMs / 1000).toFixed(1)} s`,
      (n / (run.drainMs / 1000)).toFixed(1),
      opts.unlimited
        ? '-'
        : ideal > 0
          ? `${((100 * ideal * 1000) / run.drainMs).toFixed(0)}%`
          : 'not binding',
      String(run.ticks.length),
      `${workspaceLimited} workspace, ${channelLimited} channel`,
      String(fake.rateLimited.filter((l) => l.early).length),
      lostDoubled(channels.map((c) => calls.get(c.split(':')[2] ?? '') ?? 0)),
    ],
    problems,
    notes: [
      `Slack: ${messages} messages accepted in ${channels.length} channels from ${fake.callsOf('chat.postMessage').length} calls; ${spread(run)}; ticks (posted/failed/skipped) at ${perTick(run)}; ` +
        `in all ${t.posted} posted (${t.retried} on a retry), ${t.failed} failed attempts, ${t.skipped} skipped (rate limited), ${t.uncertain} uncertain.`,
    ],
  };
}

/** "lost / doubled" from the number of messages each channel got. */
const lostDoubled = (counts: readonly number[]): string =>
  `${counts.filter((c) => c === 0).length} / ${counts.filter((c) => c > 1).length}`;

/** Every subscription has exactly one post row, and it is 'posted' with a message id. */
function checkRows(rows: Awaited<ReturnType<typeof postRows>>, n: number): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    seen.set(r.channel, (seen.get(r.channel) ?? 0) + (r.id === null ? 0 : 1));
    if (r.id !== null && (r.status !== 'posted' || !r.message))
      problems.push(`${r.channel}: post row ${r.id} is ${r.status}`);
  }
  if (seen.size !== n) problems.push(`${seen.size} subscriptions, expected ${n}`);
  for (const [channel, count] of seen) if (count !== 1) problems.push(`${channel}: ${count} post rows`);
  return problems;
}

/** Runs the drain benchmark and prints its table; exits non-zero when a post was lost or doubled. */
export async function runDrain(opts: DrainOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mingyan-drain-'));
  let server: PgServer | undefined;
  const pg = async () => (server ??= await startPgServer({ durable: true }));
  const outcomes: Outcome[] = [];
  const load = loadavg()[0] ?? 0;
  try {
    if (opts.only !== 'slack')
      outcomes.push(await drainDiscord(opts, await openTarget(opts.db, pg, dir, 'discord')));
    if (opts.only !== 'discord')
      outcomes.push(await drainSlack(opts, await openTarget(opts.db, pg, dir, 'slack')));
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `Draining ${opts.posts} due daily posts per platform against the ${opts.unlimited ? 'UNLIMITED' : 'rate-limited'} fakes ` +
      `(${opts.db === 'postgres' ? 'PostgreSQL, fsync on' : 'SQLite file, synchronous=FULL'}; ` +
      `node ${process.version}, ${cpus().length} cores, load ${load.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after)\n`,
  );
  console.log(
    table([
      [
        'platform',
        'posts',
        'limit enforced',
        'best drain',
        'drain',
        'posts/s',
        'of allowed',
        'ticks',
        '429s',
        'early 429s',
        'lost/doubled',
      ],
      ...outcomes.map((o) => o.row),
    ]),
  );
  console.log('');
  for (const o of outcomes) for (const note of o.notes) console.log(note);
  const problems = outcomes.flatMap((o) => o.problems);
  if (problems.length > 0) {
    console.log(`\n${problems.length} problems:\n${problems.slice(0, 20).join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log(
      '\nEvery subscription has exactly one post row, posted; every channel got exactly one message.',
    );
  }
}
