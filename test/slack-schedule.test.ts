// Slack with the real bot, SQLite store and scheduler: subscribe by /quote over signed HTTP, move the clock,
// see chat.postMessage once; a discussion invites replies in its thread; a gone channel pauses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, DISCUSSION_INVITE, type SlackAdapter } from '../adapters/slack/index.js';
import { platformOf } from '../src/adapter.js';
import { createBot } from '../src/bot/index.js';
import { createManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { createScheduler, type Scheduler } from '../src/schedule/index.js';
import { createQuoteSearch } from '../src/search/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { startFakeSlack, type FakeSlack } from './fakes/slack-api.js';
import { sendSigned, slashCommandBody } from './fakes/slack-requests.js';
import { createSpyBot, createSwitchableBot, shippedCorpus } from './fakes/slack-bot.js';

const SECRET = 'schedule-signing-secret';
// Sunday 2025-06-01, 08:55 in Shanghai.
const clock = createManualClock('2025-06-01T00:55:00Z');
let dir: string;
let fake: FakeSlack;
let adapter: SlackAdapter;
let store: Store;
let scheduler: Scheduler;
let events: string;
let n = 0;
const bot = createSwitchableBot(createSpyBot());

async function slash(text: string, channelId: string): Promise<string> {
  const id = `q${++n}`;
  const body = slashCommandBody({ text, channelId, responseUrl: fake.responseUrl(id) });
  expect(
    (await sendSigned(events, body, 'application/x-www-form-urlencoded', { secret: SECRET })).status,
  ).toBe(200);
  await expect.poll(() => fake.responses.some((r) => r.id === id)).toBe(true);
  return JSON.stringify(fake.responses.find((r) => r.id === id)?.body.blocks);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mingyan-slack-'));
  fake = await startFakeSlack();
  const loaded = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-schedule-1',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
  });
  if (!loaded.ok) throw new Error('bad test config');
  adapter = createSlackAdapter({ config: loaded.value, logger: silentLogger }, { host: '127.0.0.1' });
  await adapter.start(bot);
  events = `http://127.0.0.1:${adapter.port()}/slack/events`;
});

// Each test has its own database, scheduler and bot, and the clock starts again on Sunday 08:55: the
// adapter (started once) answers through whichever bot the test made, so test order does not matter.
let tests = 0;
beforeEach(async () => {
  clock.set('2025-06-01T00:55:00Z');
  store = await openStore(join(dir, `mingyan-${++tests}.db`));
  const corpus = shippedCorpus();
  scheduler = createScheduler({
    store,
    corpus,
    clock,
    logger: silentLogger,
    adapterFor: (channel) => (platformOf(channel) === 'slack' ? adapter : undefined),
    defaultTimeZone: 'Asia/Shanghai',
    missedWindowHours: 6,
  });
  bot.use(
    createBot({
      corpus,
      search: createQuoteSearch(corpus.quotes),
      settings: store,
      subscriptions: scheduler,
      clock,
      defaultTimeZone: 'Asia/Shanghai',
    }),
  );
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

describe('Slack subscriptions through the real scheduler', () => {
  it('/quote daily posts once at the local time, and /quote today shows the posted quote', async () => {
    expect(await slash('daily 09:00 Asia/Shanghai', 'C7')).toContain('Subscribed');
    expect((await scheduler.tick()).posted).toEqual([]);
    clock.set('2025-06-01T01:05:00Z');
    const first = await scheduler.tick();
    expect(first.posted).toHaveLength(1);
    expect((await scheduler.tick()).posted).toEqual([]);
    const posts = fake.callsOf('chat.postMessage').filter((c) => c.params.channel === 'C7');
    expect(posts).toHaveLength(1);
    expect(first.posted[0]?.messageId).toMatch(/^\d+\.\d+$/);
    expect(posts[0]?.params.unfurl_links).toBe(false);
    const quote = shippedCorpus().byId.get(first.posted[0]?.quoteId ?? '');
    expect(JSON.stringify(posts[0]?.params.blocks)).toContain(quote?.text.slice(0, 8));
    expect(await slash('today', 'C7')).toContain(quote?.text.slice(0, 8));
    expect(await slash('daily status', 'C7')).toContain('09:00 Asia/Shanghai');
  });

  it('a weekly discussion posts the prompt and invites replies in its thread', async () => {
    expect(await slash('discuss weekly mon 10:00 Asia/Shanghai', 'C8')).toContain('Subscribed');
    clock.set('2025-06-02T02:01:00Z'); // Monday 10:01 in Shanghai
    const report = await scheduler.tick();
    expect(report.posted.filter((p) => p.channel === 'slack:T1:C8')).toHaveLength(1);
    const calls = fake.callsOf('chat.postMessage').filter((c) => c.params.channel === 'C8');
    expect(calls).toHaveLength(2);
    expect(JSON.stringify(calls[0]?.params.blocks)).toContain(':speech_balloon:');
    expect(calls[1]?.params).toMatchObject({
      thread_ts: report.posted.find((p) => p.channel === 'slack:T1:C8')?.messageId,
      text: DISCUSSION_INVITE,
    });
  });

  it('pauses a subscription whose channel is gone, and says why in status', async () => {
    expect(await slash('daily 09:00 Asia/Shanghai', 'C9')).toContain('Subscribed');
    clock.set('2025-06-01T01:02:00Z'); // Sunday 09:02 in Shanghai: C9 is due
    fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    const report = await scheduler.tick();
    expect(report.paused.map((p) => [p.channel, p.reason])).toEqual([
      ['slack:T1:C9', 'slack channel_not_found'],
    ]);
    expect(await slash('daily status', 'C9')).toContain('slack channel_not_found');
  });
});
