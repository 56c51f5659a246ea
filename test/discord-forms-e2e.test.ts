// Every command of the README's table in its Discord form, end to end: the real discord.js client against the
// loopback fake (every body checked against Discord's OpenAPI spec), the shipped corpus, SQLite and the scheduler.
// Answers speak Discord: they name slash commands, never the `/quote daily 09:00` text grammar.
import { MessageFlags } from 'discord-api-types/v10';
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
import { autocomplete, chatInput, IDS, MANAGER, str, sub, testGuild } from './fakes/discord-interactions.js';

interface Data {
  flags?: number;
  embeds?: {
    title?: string;
    description?: string;
    footer?: { text: string };
    fields?: { name: string; value: string }[];
  }[];
  choices?: { name: string; value: string }[];
}
const dataOf = (r: RecordedRequest): Data =>
  (r.path.includes('/callback') ? (r.body as { data?: Data }).data : (r.body as Data)) ?? {};
const isEphemeral = (r: RecordedRequest) => ((dataOf(r).flags ?? 0) & MessageFlags.Ephemeral) !== 0;
const text = (r: RecordedRequest) => JSON.stringify(dataOf(r).embeds ?? []);
const quoteIdOf = (r: RecordedRequest) => dataOf(r).embeds?.[0]?.footer?.text.split(' · ').at(-1) ?? '';

const channel = `discord:${IDS.guild}:${IDS.channel}`;
const clock = createManualClock('2026-03-02T00:30:00Z'); // 08:30 in Shanghai, a Monday
let fake: FakeDiscord;
let app: App;
let io: Interactor;

beforeAll(async () => {
  fake = await startFakeDiscord({ token: TEST_TOKEN, applicationId: IDS.app, guilds: [testGuild()] });
  const config = testConfig(fake.apiUrl, TEST_TOKEN, { MINGYAN_DB: ':memory:', DEFAULT_TZ: 'Asia/Shanghai' });
  const log = memoryLogger([TEST_TOKEN]);
  const discord = createDiscordAdapter({ config, logger: log.logger });
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
  expect(fake.violations).toEqual([]);
});

const manager = { permissions: MANAGER };

// One channel's story: later steps build on earlier ones (no subscription yet, then daily, then weekly), so
// the steps keep their order when the suite runs shuffled.
describe('Discord forms in one channel, in order', { shuffle: false }, () => {
  describe('Discord speaks Discord', () => {
    it('/daily status with no subscription suggests /daily set time:09:00, not the text grammar', async () => {
      const cb = await io.interact(chatInput('daily', [sub('status')]));
      expect(isEphemeral(cb)).toBe(true);
      expect(text(cb)).toContain('`/daily set time:09:00`');
      expect(text(cb)).not.toContain('/quote daily');
    });

    it('/quote lang with no option says the language and names the Discord form that changes it', async () => {
      const cb = await io.interact(chatInput('quote', [sub('lang')]));
      expect(isEphemeral(cb)).toBe(true);
      expect(text(cb)).toContain('`/quote lang [language:<zh|en|both>]`');
      expect(text(cb)).not.toContain('/quote lang [zh|en|both]');
    });
  });

  describe('the commands Discord lacked: topics, id, lang and the weekly prompt', () => {
    it('/quote topics lists the topics privately', async () => {
      const cb = await io.interact(chatInput('quote', [sub('topics')]));
      expect(isEphemeral(cb)).toBe(true);
      expect(text(cb)).toContain('`agi`');
      expect(text(cb)).toContain('`2b-vs-2c`');
    });

    it('/quote id shows exactly that quote; its id autocompletes; words look the quote up', async () => {
      const id = 'poverty-limits-imagination';
      const cb = await io.interact(chatInput('quote', [sub('id', [str('id', id)])]));
      expect(isEphemeral(cb)).toBe(true);
      expect(quoteIdOf(cb)).toBe(id);
      expect(dataOf(cb).embeds?.[0]?.description).toContain(app.corpus.byId.get(id)?.text);
      const ac = await io.interact(autocomplete('quote', [sub('id', [str('id', 'poverty', true)])]));
      expect(dataOf(ac).choices?.map((c) => c.value)).toContain(id);
      const byWords = await io.interact(chatInput('quote', [sub('id', [str('id', '贫穷限制了想象力')])]));
      expect(quoteIdOf(byWords)).toBe(id);
    });

    it('/quote lang language:en sets the channel language in public; later answers are English only', async () => {
      const set = await io.interact(chatInput('quote', [sub('lang', [str('language', 'en')])]));
      expect(isEphemeral(set)).toBe(false);
      expect(text(set)).toContain('English only');
      const cb = await io.interact(
        chatInput('quote', [sub('id', [str('id', 'poverty-limits-imagination')])]),
      );
      expect(dataOf(cb).embeds?.[0]?.description).not.toMatch(/[\u4e00-\u9fff]/);
      await io.interact(chatInput('quote', [sub('lang', [str('language', 'both')])]));
    });

    it('/daily set takes a city for the zone and says which zone it took', async () => {
      const cb = await io.interact(
        chatInput('daily', [sub('set', [str('time', '09:00'), str('timezone', 'London')])], manager),
      );
      expect(isEphemeral(cb)).toBe(false);
      expect(text(cb)).toContain('Europe/London');
      expect(text(cb)).toContain('“London”');
      expect(await app.scheduler.list(channel)).toMatchObject([{ kind: 'daily', timezone: 'Europe/London' }]);
    });

    it('/daily set with an abbreviation asks which zone is meant, privately, and keeps the subscription', async () => {
      const cb = await io.interact(
        chatInput('daily', [sub('set', [str('time', '07:00'), str('timezone', 'EST')])], manager),
      );
      expect(isEphemeral(cb)).toBe(true);
      expect(text(cb)).toContain('America/New_York');
      expect(text(cb)).toContain('`/daily set time:<HH:MM> [timezone:<zone>] [language:<zh|en|both>]`');
      expect(await app.scheduler.list(channel)).toMatchObject([
        { kind: 'daily', time: '09:00', timezone: 'Europe/London' },
      ]);
    });

    it('/daily set again says what it replaced', async () => {
      const cb = await io.interact(chatInput('daily', [sub('set', [str('time', '10:30')])], manager));
      expect(text(cb)).toContain('It replaces the previous one: every day at 09:00 (Europe/London)');
    });

    it('the timezone option autocompletes Chinese city names and abbreviations', async () => {
      const ac = await io.interact(
        autocomplete('weekly', [sub('set', [str('time', '10:00'), str('timezone', '北京', true)])], manager),
      );
      expect(dataOf(ac).choices?.[0]).toEqual({ name: 'Asia/Shanghai (北京)', value: 'Asia/Shanghai' });
      const est = await io.interact(
        autocomplete('daily', [sub('set', [str('time', '10:00'), str('timezone', 'EST', true)])], manager),
      );
      expect(dataOf(est).choices?.[0]?.value).toBe('America/New_York');
    });

    it("/weekly set subscribes a weekly prompt on the chosen day, in the daily insight's zone", async () => {
      const cb = await io.interact(
        chatInput('weekly', [sub('set', [str('time', '10:00'), str('day', 'fri')])], manager),
      );
      expect(isEphemeral(cb)).toBe(false);
      expect(text(cb)).toContain('a discussion prompt on Fri at 10:00 (Europe/London)');
      expect(await app.scheduler.list(channel)).toContainEqual(
        expect.objectContaining({ kind: 'discuss', time: '10:00', days: [5], timezone: 'Europe/London' }),
      );
    });

    it('/weekly needs Manage Channels; /weekly status lists both; /weekly stop stops only the prompt', async () => {
      const refused = await io.interact(chatInput('weekly', [sub('stop')]));
      expect(isEphemeral(refused)).toBe(true);
      expect(text(refused)).toContain('Manage Channels');
      const status = await io.interact(chatInput('weekly', [sub('status')]));
      expect(text(status)).toContain('Weekly discussion 10:00 Europe/London');
      expect(text(status)).toContain('Daily insight 10:30 Europe/London');
      const stop = await io.interact(chatInput('weekly', [sub('stop')], manager));
      expect(isEphemeral(stop)).toBe(false);
      expect(text(stop)).toContain('Stopped the weekly discussion.');
      expect((await app.scheduler.list(channel)).map((s) => s.kind)).toEqual(['daily']);
    });

    it('/help lists every Discord form, with who may use the subscription commands', async () => {
      const cb = await io.interact(chatInput('help', [], { locale: 'en-US' }));
      const t = text(cb);
      for (const usage of [
        '/quote topics',
        '/quote id id:',
        '/quote lang',
        '/weekly set',
        '/weekly stop',
        '/daily set',
      ])
        expect(t).toContain(usage);
      const fields = dataOf(cb).embeds?.[0]?.fields ?? [];
      for (const name of ['/daily set', '/daily stop', '/weekly set', '/weekly stop'])
        expect(fields.find((f) => f.name.startsWith(name))?.value).toContain('Manage Channels');
      expect(fields.find((f) => f.name.startsWith('/daily status'))?.value).not.toContain('Manage Channels');
    });
  });
});
