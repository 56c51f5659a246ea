import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../adapters/discord/index.js';
import { createApp, type App } from '../src/app.js';
import { createManualClock } from '../src/clock.js';
import { startFakeDiscord, type FakeDiscord, type RecordedRequest } from './fakes/discord-fake.js';
import {
  createInteractor,
  memoryLogger,
  TEST_TOKEN,
  testConfig,
  type Interactor,
} from './fakes/discord-harness.js';
import {
  autocomplete,
  button,
  chatInput,
  IDS,
  MANAGER,
  str,
  sub,
  testGuild,
} from './fakes/discord-interactions.js';

/** The real thing end to end: shipped corpus, search, bot, SQLite store, scheduler and the Discord adapter. */

interface Data {
  flags?: number;
  content?: string;
  embeds?: { description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] }[];
  components?: { components: { label: string; custom_id: string }[] }[];
  choices?: { name: string; value: string }[];
  allowed_mentions?: unknown;
}
const dataOf = (r: RecordedRequest): Data =>
  (r.path.includes('/callback') ? (r.body as { data?: Data }).data : (r.body as Data)) ?? {};
const isEphemeral = (r: RecordedRequest) => ((dataOf(r).flags ?? 0) & MessageFlags.Ephemeral) !== 0;
const quoteIdOf = (r: RecordedRequest) => dataOf(r).embeds?.[0]?.footer?.text.split(' · ').at(-1) ?? '';
const customId = (r: RecordedRequest, label: string) =>
  (dataOf(r).components ?? []).flatMap((row) => row.components).find((b) => b.label.includes(label))
    ?.custom_id ?? '';

const channel = `discord:${IDS.guild}:${IDS.channel}`;
const clock = createManualClock('2026-03-02T00:30:00Z'); // 08:30 in Shanghai, a Monday
let fake: FakeDiscord;
let app: App;
let io: Interactor;
let logs: () => string;

beforeAll(async () => {
  fake = await startFakeDiscord({ token: TEST_TOKEN, applicationId: IDS.app, guilds: [testGuild()] });
  const config = testConfig(fake.apiUrl, TEST_TOKEN, { MINGYAN_DB: ':memory:', DEFAULT_TZ: 'Asia/Shanghai' });
  const log = memoryLogger([TEST_TOKEN]);
  logs = log.text;
  // Shares now draw a card (about a second the first time): a long defer keeps each answer in its callback.
  const discord = createDiscordAdapter({ config, logger: log.logger }, { deferAfterMs: 10_000 });
  app = await createApp({ config, logger: log.logger, clock, adapters: [discord], timer: false });
  await app.start();
  io = createInteractor(fake, log.text);
});
afterAll(async () => {
  await app.stop();
  await fake.close();
});
afterEach(async () => {
  await io.settleAll();
  fake.clearFailures();
  expect(fake.violations).toEqual([]);
});

describe('Discord with the real bot and corpus', () => {
  it('searches in Chinese and answers privately with the quote and its buttons', async () => {
    const cb = await io.interact(chatInput('quote', [sub('search', [str('query', '贫穷')])]));
    expect(isEphemeral(cb)).toBe(true);
    expect(dataOf(cb).embeds?.[0]?.description).toContain('贫穷限制了');
    expect(customId(cb, 'Share')).toMatch(/^mg:s:/);
  });

  it('autocompletes pinyin live, and the picked choice shows exactly that quote', async () => {
    const ac = await io.interact(autocomplete('quote', [sub('search', [str('query', 'pinkun', true)])]));
    const choices = dataOf(ac).choices ?? [];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    const picked = choices[0]!;
    expect(app.corpus.byId.has(picked.value)).toBe(true);
    const cb = await io.interact(chatInput('quote', [sub('search', [str('query', picked.value)])]));
    expect(quoteIdOf(cb)).toBe(picked.value);
    expect(dataOf(cb).embeds?.[0]?.description).toContain(
      app.corpus.byId.get(picked.value)?.text.slice(0, 8),
    );
  });

  it('Share posts the quote publicly; Another replaces the private answer; Context shows the whole answer', async () => {
    const cb = await io.interact(chatInput('quote', [sub('search', [str('query', 'infrastructure')])]));
    const id = quoteIdOf(cb);
    const shared = await io.interact(button(customId(cb, 'Share'), { ephemeral: true }));
    expect(isEphemeral(shared)).toBe(false);
    expect(quoteIdOf(shared)).toBe(id);
    expect(customId(shared, 'Share')).toBe('');
    const another = await io.interact(button(customId(cb, 'Another'), { ephemeral: true }));
    expect((another.body as { type: number }).type).toBe(InteractionResponseType.UpdateMessage);
    expect(quoteIdOf(another)).not.toBe(id);
    const context = await io.interact(button(customId(cb, 'Context'), { ephemeral: true }));
    expect(isEphemeral(context)).toBe(true);
    expect(JSON.stringify(dataOf(context).embeds)).toContain(
      `**${app.corpus.byId.get(id)?.text.slice(0, 6)}`,
    );
  });

  it('a topic gives a quote on that topic', async () => {
    const cb = await io.interact(chatInput('quote', [sub('topic', [str('topic', 'agi')])]));
    expect(app.corpus.byId.get(quoteIdOf(cb))?.topics).toContain('agi');
  });

  it('@everyone in a query pings nobody', async () => {
    const cb = await io.interact(chatInput('quote', [sub('search', [str('query', '@everyone @here')])]));
    expect(dataOf(cb).allowed_mentions).toEqual({ parse: [] });
    expect(dataOf(cb).content).toBeUndefined();
  });

  it('/discuss posts a prompt with its question and opens a thread', async () => {
    const cb = await io.interact(chatInput('discuss', [str('topic', 'talent')]));
    expect(isEphemeral(cb)).toBe(false);
    expect(JSON.stringify(dataOf(cb).embeds)).toContain('讨论 · For discussion');
    await fake.waitForRequest((r) => r.path.endsWith('/threads'));
  });

  // One channel's subscription over three days: a story whose steps build on each other, so it keeps its
  // order when the rest of the suite is shuffled.
  describe('a daily subscription, day by day', { shuffle: false }, () => {
    it('/daily set subscribes; the scheduler posts once at 09:00 Shanghai, the same quote as /quote today', async () => {
      const set = await io.interact(
        chatInput('daily', [sub('set', [str('time', '09:00'), str('timezone', 'Asia/Shanghai')])], {
          permissions: MANAGER,
        }),
      );
      expect(isEphemeral(set)).toBe(false);
      expect(await app.scheduler.list(channel)).toMatchObject([
        { kind: 'daily', time: '09:00', timezone: 'Asia/Shanghai' },
      ]);

      expect((await app.scheduler.tick()).posted).toEqual([]); // 08:30: not yet
      clock.set('2026-03-02T01:05:00Z'); // 09:05
      const after = fake.requests.length;
      const report = await app.scheduler.tick();
      expect(report.posted).toHaveLength(1);
      const posts = fake.requests.slice(after).filter((r) => r.path === `/channels/${IDS.channel}/messages`);
      expect(posts).toHaveLength(1);
      expect((posts[0]?.body as Data).allowed_mentions).toEqual({ parse: [] });
      expect((await app.scheduler.tick()).posted).toEqual([]); // once a day

      const today = await io.interact(chatInput('quote', [sub('today')]));
      expect(quoteIdOf(today)).toBe(report.posted[0]?.quoteId);
    });

    it('a 403 on the daily post pauses the subscription, with the reason in /daily status', async () => {
      clock.set('2026-03-03T01:05:00Z'); // the next day, 09:05
      fake.fail('POST', new RegExp(`^/channels/${IDS.channel}/messages$`), {
        status: 403,
        body: { message: 'Missing Access', code: 50001 },
      });
      const report = await app.scheduler.tick();
      expect(report.paused).toHaveLength(1);
      const status = await io.interact(chatInput('daily', [sub('status')], { permissions: MANAGER }));
      expect(isEphemeral(status)).toBe(true);
      expect(JSON.stringify(dataOf(status).embeds)).toContain('discord 403 Missing Access (50001)');
    });

    it('a scheduled post hitting 5xx is retried by the scheduler under the same nonce as every earlier attempt', async () => {
      const set = await io.interact(
        chatInput('daily', [sub('set', [str('time', '09:00'), str('timezone', 'Asia/Shanghai')])], {
          permissions: MANAGER,
        }),
      );
      expect(isEphemeral(set)).toBe(false);
      clock.set('2026-03-04T01:01:00Z'); // 09:01 the next day
      const messages = new RegExp(`^/channels/${IDS.channel}/messages$`);
      // Four 502s outlast @discordjs/rest's three retries; the scheduler's retry a minute later gets through.
      fake.fail('POST', messages, { status: 502, body: { message: 'Bad Gateway', code: 0 } }, 4);
      const after = fake.requests.length;
      const first = await app.scheduler.tick();
      expect(first.failed).toMatchObject([{ attempt: 1, retryAt: '2026-03-04T01:02:00.000Z' }]);
      clock.set('2026-03-04T01:02:00Z');
      expect((await app.scheduler.tick()).posted).toMatchObject([{ attempt: 2 }]);
      const attempts = fake.requests.slice(after).filter((r) => messages.test(r.path));
      expect(attempts).toHaveLength(5);
      const nonce = (attempts[0]?.body as { nonce?: string }).nonce;
      expect(nonce).toMatch(/^mg\d+$/);
      for (const a of attempts) expect(a.body).toMatchObject({ nonce, enforce_nonce: true });
    });
  });

  it('never logs the token', () => {
    expect(logs()).not.toContain(TEST_TOKEN);
  });
});
