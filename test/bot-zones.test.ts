// Time zones as people type them: cities become IANA zones, abbreviations get a question, and subscribing
// says which zone it took, what it replaced and why a first post may come a day later.
import { describe, expect, it } from 'vitest';
import type { Reply } from '../src/bot/reply.js';
import { parseCommand } from '../src/bot/parse.js';
import { resolveTimeZone } from '../src/bot/zones.js';
import { createBot } from '../src/bot/bot.js';
import { createQuoteSearch } from '../src/search/index.js';
import { fakeSubscriptions, fixtureCorpus, mapSettings, MANAGER, stubSearch } from './bot-fixture.js';
import { fixtureCorpus as scheduleCorpus, useSchedulerFixture } from './schedule-helpers.js';

// Node's ICU still calls Kolkata Calcutta; newer runtimes say Kolkata. Either is the same zone.
const canonical = (zone: string): string =>
  new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;

describe('a city, in English or Chinese, is its IANA zone', () => {
  it.each([
    ['London', 'Europe/London'],
    ['Beijing', 'Asia/Shanghai'],
    ['New York', 'America/New_York'],
    ['new_york', 'America/New_York'],
    ['北京', 'Asia/Shanghai'],
    ['上海', 'Asia/Shanghai'],
    ['深圳', 'Asia/Shanghai'],
    ['东京', 'Asia/Tokyo'],
    ['東京', 'Asia/Tokyo'],
    ['Tokyo', 'Asia/Tokyo'],
    ['San Francisco', 'America/Los_Angeles'],
    ['Seattle', 'America/Los_Angeles'],
    ['香港', 'Asia/Hong_Kong'],
    ['Hong Kong', 'Asia/Hong_Kong'],
    ['Singapore', 'Asia/Singapore'],
    ['新加坡', 'Asia/Singapore'],
    ['台北', 'Asia/Taipei'],
    ['Berlin', 'Europe/Berlin'],
    ['Paris', 'Europe/Paris'],
    ['巴黎', 'Europe/Paris'],
    ['Sydney', 'Australia/Sydney'],
    ['悉尼', 'Australia/Sydney'],
    ['Los Angeles', 'America/Los_Angeles'],
    ['Sao Paulo', 'America/Sao_Paulo'],
    ['Kolkata', canonical('Asia/Kolkata')],
    ['Mumbai', canonical('Asia/Kolkata')],
    ['伦敦', 'Europe/London'],
    ['纽约', 'America/New_York'],
  ])('%s is %s', (typed, zone) => {
    const r = resolveTimeZone(typed);
    expect(r).toEqual({ ok: true, value: { zone, from: typed } });
  });

  it('takes IANA names in any case and UTC as they are', async () => {
    expect(resolveTimeZone('asia/shanghai')).toEqual({ ok: true, value: { zone: 'Asia/Shanghai' } });
    expect(resolveTimeZone('UTC')).toEqual({ ok: true, value: { zone: 'UTC' } });
    expect(resolveTimeZone('Etc/GMT-8')).toEqual({ ok: true, value: { zone: 'Etc/GMT-8' } });
  });

  it('suggests the zone for a near miss, and names examples for anything else', async () => {
    const near = resolveTimeZone('Londn');
    expect(near.ok).toBe(false);
    if (!near.ok) expect(near.error.message.en).toContain('Did you mean Europe/London?');
    const none = resolveTimeZone('Mars/Olympus');
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error.message.en).toContain('Europe/London');
  });
});

describe('an abbreviation or offset is a question, never a silent zone without daylight saving', () => {
  it.each([
    ['EST', 'America/New_York', 'Etc/GMT+5'],
    ['est', 'America/New_York', 'Etc/GMT+5'],
    ['PST', 'America/Los_Angeles', 'Etc/GMT+8'],
    ['CET', 'Europe/Berlin', 'Etc/GMT-1'],
    ['CST', 'America/Chicago', 'Asia/Shanghai'],
    ['GMT', 'Europe/London', 'UTC'],
    ['GMT+8', 'Asia/Shanghai', 'Etc/GMT-8'],
    ['UTC-5', 'Etc/GMT+5', 'Etc/GMT+5'],
    ['+08:00', 'Asia/Shanghai', 'Etc/GMT-8'],
  ])('%s asks, offering %s', async (typed, likely, fixed) => {
    const r = resolveTimeZone(typed, new Date('2026-01-15T12:00:00Z'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.options).toContain(likely);
    expect(r.error.options).toContain(fixed);
    expect(r.error.options).not.toContain('America/Panama');
    expect(r.error.message.en).toContain('daylight saving');
    expect(r.error.message.en).toContain(likely);
    expect(r.error.message.zh).toContain('夏令时');
  });

  it('the parser refuses `daily 9:00 EST` with that question instead of subscribing America/Panama', async () => {
    const c = parseCommand('/quote daily 9:00 EST');
    expect(c.name).toBe('invalid');
    if (c.name === 'invalid') expect(c.message.en).toContain('America/New_York');
  });
});

function botWith(subscriptions = fakeSubscriptions()) {
  const bot = createBot({
    corpus: fixtureCorpus(),
    search: stubSearch(),
    settings: mapSettings(),
    subscriptions,
    defaultTimeZone: 'Asia/Shanghai',
  });
  return { bot, subscriptions };
}
const messageOf = (r: Reply): { zh: string; en: string } => {
  if (r.kind !== 'subscriptions' && r.kind !== 'notice') throw new Error(`unexpected ${r.kind}`);
  return r.message ?? { zh: '', en: '' };
};

describe('subscribing with a city', () => {
  it('typed: `daily 09:00 London` subscribes Europe/London and says which zone it took', async () => {
    const { bot, subscriptions } = botWith();
    const r = await bot.handle('/quote daily 09:00 London', MANAGER);
    expect(subscriptions.requests[0]?.timezone).toBe('Europe/London');
    expect(messageOf(r).en).toContain('(Europe/London, the zone for “London”)');
    expect(messageOf(r).zh).toContain('Europe/London');
  });

  it('a zone of two words: `daily 8:30 New York`', async () => {
    const { bot, subscriptions } = botWith();
    await bot.handle('daily 8:30 New York en', MANAGER);
    expect(subscriptions.requests[0]).toMatchObject({
      time: '08:30',
      timezone: 'America/New_York',
      lang: 'en',
    });
  });

  it('from Discord options (no parser): timezone "北京" is Asia/Shanghai, "EST" is a question', async () => {
    const { bot, subscriptions } = botWith();
    await bot.run({ name: 'subscribe', kind: 'daily', time: '09:00', timezone: '北京' }, MANAGER);
    expect(subscriptions.requests[0]?.timezone).toBe('Asia/Shanghai');
    const r = await bot.run({ name: 'subscribe', kind: 'daily', time: '09:00', timezone: 'EST' }, MANAGER);
    expect(r).toMatchObject({ kind: 'notice', level: 'error' });
    expect(messageOf(r).en).toContain('America/New_York');
    expect(subscriptions.requests).toHaveLength(1);
  });
});

describe('subscribing again', () => {
  it('says what it replaced: the old time, zone, days and language', async () => {
    const { bot } = botWith();
    await bot.handle('/quote daily 09:00 Europe/London zh weekdays', MANAGER);
    const r = await bot.handle('/quote daily 10:30 Asia/Tokyo', MANAGER);
    expect(messageOf(r).en).toContain(
      'It replaces the previous one: on Mon, Tue, Wed, Thu, Fri at 09:00 (Europe/London), Chinese only.',
    );
    expect(messageOf(r).zh).toContain('取代了原来的订阅:周一、周二、周三、周四、周五 09:00(Europe/London)');
  });

  it('a first subscription replaces nothing and says nothing about it', async () => {
    const { bot } = botWith();
    const r = await bot.handle('/quote daily 09:00', MANAGER);
    expect(messageOf(r).en).not.toContain('replaces');
  });
});

describe('a first post later than the next occurrence', () => {
  const { clock, boot, subscribeDaily } = useSchedulerFixture();

  it('the confirmation says the next occurrence is skipped, and why (a post less than 20 hours ago)', async () => {
    await subscribeDaily(); // 09:00 Asia/Shanghai, for shell:local
    clock.set('2025-06-01T01:05:00Z'); // 09:05 in Shanghai
    const { scheduler } = await boot([]);
    const posted: string[] = [];
    // The daily post goes out (to a shell adapter that accepts everything).
    const { scheduler: withShell } = await boot([
      {
        name: 'shell',
        start: async () => undefined,
        stop: async () => undefined,
        isReady: () => true,
        post: async (channel) => {
          posted.push(channel);
          return { ok: true, value: { messageId: 'm1' } };
        },
      },
    ]);
    await withShell.tick();
    expect(posted).toEqual(['shell:local']);

    clock.set('2025-06-01T02:00:00Z'); // 19:00 on May 31 in Los Angeles
    const bot = createBot({
      corpus: scheduleCorpus(),
      search: createQuoteSearch(scheduleCorpus().quotes),
      settings: mapSettings(),
      subscriptions: scheduler,
      clock,
      defaultTimeZone: 'Asia/Shanghai',
    });
    const r = await bot.handle('daily 20:00 Los Angeles', { ...MANAGER, channel: 'shell:local' });
    expect(r.kind).toBe('subscriptions');
    if (r.kind !== 'subscriptions') return;
    expect(r.subscriptions[0]?.nextAt).toBe('2025-06-02T03:00:00.000Z');
    expect(r.subscriptions[0]?.heldBack).toEqual({
      skipped: '2025-06-01T03:00:00.000Z',
      lastPost: '2025-06-01T01:05:00.000Z',
      gapHours: 20,
    });
    expect(r.message?.en).toContain(
      'There is no post at 2025-05-31 20:00: this channel got its daily insight at 2025-05-31 18:05 (America/Los_Angeles), and a new schedule starts 20 hours after the last post',
    );
    expect(r.message?.zh).toContain('2025-05-31 20:00 这一次不会发');
  });

  it('says nothing of the kind when the next occurrence is the first post', async () => {
    clock.set('2025-06-01T02:00:00Z');
    const { scheduler } = await boot([]);
    const r = await scheduler.subscribe({
      channel: 'shell:local',
      kind: 'daily',
      time: '20:00',
      timezone: 'America/Los_Angeles',
      days: [0, 1, 2, 3, 4, 5, 6],
      lang: 'both',
      createdBy: 'U1',
    });
    expect(r.ok && r.value.heldBack).toBe(undefined);
    expect(r.ok && r.value.nextAt).toBe('2025-06-01T03:00:00.000Z');
  });
});
