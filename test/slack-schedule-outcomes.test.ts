// The real scheduler posting through the real Slack adapter: a chat.postMessage whose outcome is unknown is
// never sent again; a refused token pauses nothing and posts once it works.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../adapters/slack/index.js';
import { platformOf } from '../src/adapter.js';
import { createManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { formatEntry } from '../src/schedule/format.js';
import { createScheduler, type Scheduler } from '../src/schedule/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { startFakeSlack, type FakeSlack } from './fakes/slack-api.js';
import { createSpyBot, shippedCorpus } from './fakes/slack-bot.js';
import { request, tickEveryMinute } from './schedule-helpers.js';

const clock = createManualClock('2025-06-01T00:30:00Z'); // 08:30 in Shanghai
let dir: string;
let fake: FakeSlack;
let adapter: SlackAdapter;
let store: Store;
let scheduler: Scheduler;

const postsTo = (channel: string) =>
  fake.callsOf('chat.postMessage').filter((c) => c.params.channel === channel);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mingyan-slack-outcomes-'));
  fake = await startFakeSlack();
  const loaded = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-outcomes-1',
    SLACK_SIGNING_SECRET: 'outcomes-signing-secret',
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
  });
  if (!loaded.ok) throw new Error('bad test config');
  adapter = createSlackAdapter({ config: loaded.value, logger: silentLogger }, { host: '127.0.0.1' });
  await adapter.start(createSpyBot());
});

// Each test has its own database and clock, starting at 08:30 Shanghai: the order of tests does not matter.
let tests = 0;
beforeEach(async () => {
  clock.set('2025-06-01T00:30:00Z');
  store = await openStore(join(dir, `mingyan-${++tests}.db`));
  scheduler = createScheduler({
    store,
    corpus: shippedCorpus(),
    clock,
    logger: silentLogger,
    adapterFor: (channel) => (platformOf(channel) === 'slack' ? adapter : undefined),
    defaultTimeZone: 'Asia/Shanghai',
    missedWindowHours: 6,
  });
});
afterEach(async () => {
  await scheduler.stop();
  await store.close();
});

afterAll(async () => {
  await adapter.stop();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

// Nothing the adapter sent may be something Slack refuses (tokens, Block Kit limits, response_url uses, acks).
afterEach(() => {
  expect(fake.violations).toEqual([]);
});

describe('scheduled Slack posts whose outcome is unknown', () => {
  it('a 500 from chat.postMessage is recorded as uncertain and not posted again later', async () => {
    expect((await scheduler.subscribe(request({ channel: 'slack:T1:C20', time: '09:00' }))).ok).toBe(true);
    clock.set('2025-06-01T01:01:00Z');
    fake.failNext('chat.postMessage', { status: 500 });
    const first = await scheduler.tick();
    expect(first.uncertain).toMatchObject([{ channel: 'slack:T1:C20', reason: /slack HTTP 500/ }]);
    expect(first.failed).toEqual([]);
    const later = await tickEveryMinute(scheduler, clock, '2025-06-01T01:02:00Z', '2025-06-01T01:40:00Z');
    expect(later.flatMap((r) => r.posted)).toEqual([]);
    expect(postsTo('C20')).toHaveLength(1);
    const entry = (await scheduler.listAll()).find((e) => e.channel === 'slack:T1:C20');
    expect(entry?.pausedReason).toBeUndefined();
    expect(formatEntry(entry!).join('\n')).toMatch(/last: 2025-06-01 uncertain .*slack HTTP 500/);
  });

  it('internal_error ("some aspect may have succeeded") is uncertain too', async () => {
    expect((await scheduler.subscribe(request({ channel: 'slack:T1:C22', time: '09:45' }))).ok).toBe(true);
    clock.set('2025-06-01T01:46:00Z');
    fake.failNext('chat.postMessage', { error: 'internal_error' });
    expect((await scheduler.tick()).uncertain).toHaveLength(1);
    await tickEveryMinute(scheduler, clock, '2025-06-01T01:47:00Z', '2025-06-01T02:00:00Z');
    expect(postsTo('C22')).toHaveLength(1);
  });
});

describe('a refused bot token', () => {
  it('pauses nothing: the post waits an hour, then goes out once', async () => {
    expect((await scheduler.subscribe(request({ channel: 'slack:T1:C21', time: '10:00' }))).ok).toBe(true);
    clock.set('2025-06-01T02:01:00Z');
    fake.failNext('chat.postMessage', { error: 'invalid_auth' });
    const first = await scheduler.tick();
    expect(first.paused).toEqual([]);
    expect(first.failed).toMatchObject([
      { channel: 'slack:T1:C21', reason: 'slack invalid_auth', retryAt: '2025-06-01T03:01:00.000Z' },
    ]);
    expect((await scheduler.list('slack:T1:C21'))[0]).toMatchObject({ nextAt: '2025-06-01T03:01:00.000Z' });
    expect((await scheduler.list('slack:T1:C21'))[0]?.pausedReason).toBeUndefined();
    await tickEveryMinute(scheduler, clock, '2025-06-01T02:02:00Z', '2025-06-01T03:01:00Z');
    expect(postsTo('C21')).toHaveLength(1);
    clock.set('2025-06-01T03:01:00Z');
    expect((await scheduler.tick()).posted).toMatchObject([{ channel: 'slack:T1:C21', attempt: 2 }]);
    expect(postsTo('C21')).toHaveLength(2);
  });
});
