import { spellMessage, spellText } from '../src/bot/syntax.js';
import { describe, expect, it } from 'vitest';
import { createBot } from '../src/bot/index.js';
import type { Reply } from '../src/bot/reply.js';
import type { BotDeps } from '../src/bot/types.js';
import { createManualClock } from '../src/clock.js';
import { quoteOfTheDay } from '../src/quotes/pick.js';
import { createQuoteSearch } from '../src/search/index.js';
import {
  FIXTURE_QUOTES,
  MANAGER,
  MEMBER,
  fakeSubscriptions,
  fixtureCorpus,
  mapSettings,
  stubSearch,
} from './bot-fixture.js';

function setup(extra: Partial<BotDeps> = {}) {
  const settings = mapSettings();
  const search = stubSearch();
  const bot = createBot({ corpus: fixtureCorpus(), search, settings, random: () => 0, ...extra });
  return { bot, settings, search };
}

function expectKind<K extends Reply['kind']>(reply: Reply, kind: K): Extract<Reply, { kind: K }> {
  expect(reply.kind).toBe(kind);
  return reply as Extract<Reply, { kind: K }>;
}

describe('random and search', () => {
  it('/quote gives a random insight with attribution and another/share/context buttons', async () => {
    const { bot } = setup({ random: () => 0.99 });
    const r = expectKind(await bot.handle('/quote', MANAGER), 'quote');
    const insights = FIXTURE_QUOTES.filter((q) => q.insight);
    expect(r.quote.id).toBe(insights[insights.length - 1]?.id);
    expect(r.quote.attribution).toEqual({
      speaker: { zh: '周明', en: 'Zhou Ming' },
      publication: { zh: '晚点 LatePost', en: 'LatePost' },
      title: { zh: '最早出发的中国大模型创业者', en: "China's earliest large-model founder" },
      date: '2023-04',
      url: 'https://example.com/latepost-zhou-ming',
    });
    expect(r.actions.map((a) => a.kind)).toEqual(['another', 'share', 'context']);
    expect(r.lang).toBe('both');
  });

  it('/quote 贫穷 gives the best match as 1/2, and "another" walks the results and wraps', async () => {
    const { bot } = setup();
    const first = expectKind(await bot.handle('/quote 贫穷', MANAGER), 'quote');
    expect(first.quote.id).toBe('poverty-limited-imagination');
    expect(first.note).toBe('1/2');
    const another = first.actions.find((a) => a.kind === 'another');
    expect(another?.payload).toBe('n|1|贫穷');
    const second = expectKind(await bot.action(another?.payload ?? '', MANAGER), 'quote');
    expect(second.quote.id).toBe('poverty-limits-again');
    expect(second.note).toBe('2/2');
    const back = expectKind(
      await bot.action(second.actions.find((a) => a.kind === 'another')?.payload ?? '', MANAGER),
      'quote',
    );
    expect(back.quote.id).toBe('poverty-limited-imagination');
  });

  it('a single match offers a random quote instead of "another"', async () => {
    const { bot } = setup();
    const r = expectKind(await bot.handle('基础设施', MANAGER), 'quote');
    expect(r.note).toBe('1/1');
    expect(r.actions.map((a) => a.kind)).toEqual(['random', 'share', 'context']);
    expect(r.actions[0]?.payload).toBe('r');
  });

  it('no match is an answer: says so, suggests topics, offers a random quote', async () => {
    const { bot } = setup();
    const r = expectKind(await bot.handle('/quote 量子计算', MANAGER), 'no-match');
    expect(r.query).toBe('量子计算');
    expect(r.message.en).toContain('量子计算');
    expect(r.suggestedTopics.length).toBeGreaterThan(0);
    expect(r.actions).toEqual([{ kind: 'random', label: expect.any(Object), payload: 'r' }]);
  });

  it('a topic name that matches no text still finds the topic', async () => {
    const { bot } = setup();
    const r = expectKind(await bot.handle('/quote 雄心', MANAGER), 'quote');
    expect(r.quote.topics).toContain('ambition');
  });

  it('refuses an over-long query with a notice naming the limit, without searching', async () => {
    const { bot, search } = setup();
    const r = expectKind(await bot.handle(`/quote ${'想'.repeat(600)}`, MANAGER), 'notice');
    expect(r.message.en).toContain('500');
    expect(r.message.en).toContain('600');
    expect(search.calls).toEqual([]);
  });

  it.each([
    ['emoji only', '😀😀'],
    ['control characters only', '\u0001\u0002'],
    ['zero-width characters only', '\u200b\u200d'],
  ])('a query of %s says there is nothing to search for, rather than a silent random quote', async (_, q) => {
    const { bot } = setup({ search: createQuoteSearch(fixtureCorpus().quotes) });
    const r = expectKind(await bot.handle(`/quote search ${q}`, MANAGER), 'no-match');
    expect(r.message.en).toContain('nothing to search for');
    expect(r.actions.map((a) => a.kind)).toEqual(['random']);
  });

  it('an exact id as a query is that quote (Discord autocomplete sends ids)', async () => {
    const { bot } = setup();
    const r = expectKind(await bot.handle('/quote search company-must-survive', MANAGER), 'quote');
    expect(r.quote.id).toBe('company-must-survive');
  });
});

describe('topics', () => {
  it.each(['transformer', 'TRANSFORMER', 'tranformer', 'Transformer'])(
    '/quote topic %s finds the topic',
    async (t) => {
      const { bot } = setup();
      const r = expectKind(await bot.handle(`/quote topic ${t}`, MANAGER), 'quote');
      expect(r.quote.id).toBe('transformer-turing');
      expect(r.note).toBe('transformer 1/1');
    },
  );

  it.each([
    ['战略', 'strategy'],
    ['Startups', 'startup'],
    ['2B 与 2C', '2b-vs-2c'],
    ['2b vs 2c', '2b-vs-2c'],
  ])('labels in either language: %s means %s', async (input, id) => {
    const { bot } = setup();
    const r = expectKind(await bot.handle(`/quote topic ${input}`, MANAGER), 'quote');
    expect(r.quote.topics).toContain(id);
  });

  it('a topic label with no quote in the corpus is still resolved, and answered as an empty topic', async () => {
    // self-supervised has no quote in the fixture.
    const { bot } = setup();
    const r = expectKind(await bot.handle('/quote topic 自监督学习', MANAGER), 'no-match');
    expect(r.message.en).toContain('Self-supervised');
  });

  it('pages through a topic with "another", insights first', async () => {
    const { bot } = setup();
    const first = expectKind(await bot.handle('/quote topic strategy', MANAGER), 'quote');
    expect(first.note).toBe('strategy 1/2');
    const next = first.actions.find((a) => a.kind === 'another');
    expect(next?.payload).toBe('t|1|strategy');
    const second = expectKind(await bot.action(next?.payload ?? '', MANAGER), 'quote');
    expect(second.quote.id).not.toBe(first.quote.id);
  });

  it('an unknown topic is a no-match with the closest topics', async () => {
    const { bot } = setup();
    const r = expectKind(await bot.handle('/quote topic klingon', MANAGER), 'no-match');
    expect(r.message.en).toContain('klingon');
    expect(r.suggestedTopics).toHaveLength(5);
  });

  it('/quote topics lists topics that have quotes, with counts', async () => {
    const { bot } = setup();
    const r = expectKind(await bot.handle('/quote topics', MANAGER), 'topics');
    expect(r.topics.find((t) => t.id === 'strategy')).toEqual({
      id: 'strategy',
      label: { zh: '战略', en: 'Strategy' },
      count: 2,
    });
    expect(r.topics.some((t) => t.id === 'talent')).toBe(false);
  });
});

describe('today, id, context', () => {
  it("today is the channel's quote of the day in the default zone (the local date, not UTC)", async () => {
    // 17:30 UTC on 1 May is already 2 May in Shanghai.
    const clock = createManualClock('2024-05-01T17:30:00Z');
    const { bot } = setup({ clock, defaultTimeZone: 'Asia/Shanghai' });
    const r = expectKind(await bot.handle('/quote today', MANAGER), 'quote');
    expect(r.note).toBe('2024-05-02 (Asia/Shanghai)');
    expect(r.quote.id).toBe(quoteOfTheDay(FIXTURE_QUOTES, MANAGER.channel, '2024-05-02').id);
    const again = expectKind(await bot.handle('today', MANAGER), 'quote');
    expect(again.quote.id).toBe(r.quote.id);
  });

  it("today is the scheduler's pick when there is one (the daily post's quote)", async () => {
    const subscriptions = fakeSubscriptions({ todayId: '2b-is-pragmatic' });
    const clock = createManualClock('2024-05-01T17:30:00Z');
    const { bot } = setup({ subscriptions, clock, defaultTimeZone: 'Asia/Shanghai' });
    await bot.handle('/quote daily 09:00 America/Los_Angeles', MANAGER);
    const r = expectKind(await bot.handle('/quote today', MANAGER), 'quote');
    expect(r.quote.id).toBe('2b-is-pragmatic');
    // Its date is the subscription's local date, and says so.
    expect(r.note).toBe('2024-05-01 (America/Los_Angeles)');
  });

  it('/quote id shows one quote; an unknown id says so and suggests the nearest', async () => {
    const { bot } = setup();
    expect(expectKind(await bot.handle('/quote id llms-infrastructure', MANAGER), 'quote').quote.id).toBe(
      'llms-infrastructure',
    );
    const miss = expectKind(await bot.handle('/quote id llms-infrastructur', MANAGER), 'notice');
    expect(miss.message.en).toContain('Did you mean “llms-infrastructure”');
  });

  it('/quote context gives the question and the whole answer', async () => {
    const { bot } = setup();
    const r = expectKind(await bot.handle('/quote context transformer-turing', MANAGER), 'context');
    expect(r.question?.en).toBe('Why did you see the opportunity earlier?');
    // No source text in the fixture: the answer is made of the quotes sharing the question.
    expect(r.answer).toEqual(['贫穷限制了想象力。', '也许会颁给 Transformer 而不是 ChatGPT']);
    expect(r.actions.map((a) => a.payload)).toEqual(['s|transformer-turing', 'r']);
    expectKind(await bot.handle('/quote context nope', MANAGER), 'notice');
  });
});

describe('discuss', () => {
  it('/quote discuss gives a quote with its open question', async () => {
    const { bot } = setup();
    const r = expectKind(await bot.handle('/quote discuss', MANAGER), 'discussion');
    const q = FIXTURE_QUOTES.find((x) => x.id === r.quote.id);
    expect(r.prompt).toEqual(q?.prompt);
  });

  it('matches a topic or a query, and pages with "another"', async () => {
    const { bot } = setup();
    const byTopic = expectKind(await bot.handle('/quote discuss 2b-vs-2c', MANAGER), 'discussion');
    expect(byTopic.quote.id).toBe('2b-is-pragmatic');
    const byQuery = expectKind(await bot.handle('/quote discuss 活下来', MANAGER), 'discussion');
    expect(byQuery.quote.id).toBe('company-must-survive');
    const strategy = expectKind(await bot.handle('/quote discuss strategy', MANAGER), 'discussion');
    const next = strategy.actions.find((a) => a.kind === 'another')?.payload ?? '';
    expect(expectKind(await bot.action(next, MANAGER), 'discussion').quote.id).not.toBe(strategy.quote.id);
  });

  it('with no matching prompt it says so and offers any prompt', async () => {
    const { bot } = setup();
    const r = expectKind(await bot.handle('/quote discuss 贫穷', MANAGER), 'no-match');
    const any = r.actions[0];
    expect(any?.kind).toBe('discuss');
    expectKind(await bot.action(any?.payload ?? '', MANAGER), 'discussion');
  });
});

describe('language', () => {
  it('anyone may set the display language; every reply then carries it', async () => {
    const { bot, settings } = setup();
    const set = expectKind(await bot.handle('/quote lang en', MEMBER), 'notice');
    expect(set.lang).toBe('en');
    expect(settings.map.get(MEMBER.channel)).toBe('en');
    const replies = await Promise.all(
      [
        '/quote',
        '贫穷',
        '量子计算',
        'topics',
        'help',
        'today',
        'discuss',
        'context company-must-survive',
        'lang',
        'id x',
      ].map((t) => bot.handle(t, MEMBER)),
    );
    for (const r of replies)
      expect({ kind: r.kind, lang: 'lang' in r ? r.lang : undefined }).toMatchObject({ lang: 'en' });
    // Another channel keeps the default.
    expect(
      expectKind(await bot.handle('/quote', { ...MEMBER, channel: 'discord:G1:C9' }), 'quote').lang,
    ).toBe('both');
  });

  it('/quote lang alone says what the channel shows', async () => {
    const { bot } = setup();
    const r = expectKind(await bot.handle('/quote lang', MANAGER), 'notice');
    expect(r.message.en).toContain('Chinese with English');
  });
});

describe('subscriptions', () => {
  it('without a scheduler says scheduling is not running here', async () => {
    const { bot } = setup();
    for (const t of ['daily 9:00', 'daily off', 'daily status', 'discuss weekly mon 9:00']) {
      const r = expectKind(await bot.handle(t, MANAGER), 'notice');
      expect(r.message.en).toContain('Scheduling is not running here');
    }
  });

  it('refuses in a direct message, whoever asks', async () => {
    const { bot } = setup({ subscriptions: fakeSubscriptions() });
    const r = expectKind(await bot.handle('daily 9:00', { ...MANAGER, isDirect: true }), 'notice');
    expect(r.level).toBe('error');
    expect(r.message.en).toContain('not in a direct message');
  });

  it('refuses people who cannot manage the channel, but lets them see the status', async () => {
    const subscriptions = fakeSubscriptions();
    const { bot } = setup({ subscriptions });
    for (const t of ['daily 9:00', 'daily off', 'discuss weekly off']) {
      const r = expectKind(await bot.handle(t, MEMBER), 'notice');
      expect(r.message.en).toContain('Only people who can manage');
    }
    expect(subscriptions.requests).toEqual([]);
    const status = expectKind(await bot.handle('daily status', MEMBER), 'subscriptions');
    expect(status.message?.en).toContain('No subscriptions');
  });

  it('subscribes with the default zone, every day, the channel language and who asked', async () => {
    const subscriptions = fakeSubscriptions();
    const { bot } = setup({ subscriptions, defaultTimeZone: 'Europe/London' });
    await bot.handle('lang zh', MANAGER);
    const r = expectKind(await bot.handle('/quote daily 9:00', MANAGER), 'subscriptions');
    expect(subscriptions.requests).toEqual([
      {
        channel: MANAGER.channel,
        kind: 'daily',
        time: '09:00',
        timezone: 'Europe/London',
        days: [0, 1, 2, 3, 4, 5, 6],
        lang: 'zh',
        createdBy: 'U1',
        card: false,
      },
    ]);
    expect(r.subscriptions).toHaveLength(1);
    expect(r.message?.en).toBe('Subscribed: an insight every day at 09:00 (Europe/London).');
  });

  it('a weekly discussion defaults to Monday; off and status go to the scheduler', async () => {
    const subscriptions = fakeSubscriptions();
    const { bot } = setup({ subscriptions });
    await bot.handle('discuss weekly 10:00 America/New_York en', MANAGER);
    expect(subscriptions.requests[0]).toMatchObject({
      kind: 'discuss',
      days: [1],
      timezone: 'America/New_York',
      lang: 'en',
    });
    expect(expectKind(await bot.handle('daily status', MANAGER), 'subscriptions').subscriptions).toHaveLength(
      1,
    );
    expect(expectKind(await bot.handle('discuss weekly off', MANAGER), 'notice').message.en).toBe(
      'Stopped the weekly discussion.',
    );
    expect(expectKind(await bot.handle('daily off', MANAGER), 'notice').message.en).toContain('has no daily');
  });

  it("passes the scheduler's refusal on", async () => {
    const { bot } = setup({
      subscriptions: fakeSubscriptions({ refuse: { zh: '不行', en: 'Channel is paused' } }),
    });
    const r = expectKind(await bot.handle('daily 9:00', MANAGER), 'notice');
    expect(r).toMatchObject({ level: 'error', message: { en: 'Channel is paused' } });
  });

  it('validates commands built without the parser (Discord options): time, zone, days', async () => {
    const subscriptions = fakeSubscriptions();
    const { bot } = setup({ subscriptions });
    const bad = [
      { time: '9h', timezone: 'UTC' },
      { time: '09:00', timezone: 'Mars/Base' },
      { time: '09:00', days: [7] },
    ];
    for (const b of bad) {
      const r = expectKind(await bot.run({ name: 'subscribe', kind: 'daily', ...b }, MANAGER), 'notice');
      expect(r.level).toBe('error');
      expect(spellMessage(r.message, spellText).en).toContain('Usage: /quote daily HH:MM');
    }
    expect(subscriptions.requests).toEqual([]);
    await bot.run({ name: 'subscribe', kind: 'daily', time: '7:05', timezone: 'asia/tokyo' }, MANAGER);
    expect(subscriptions.requests[0]).toMatchObject({ time: '07:05', timezone: 'Asia/Tokyo' });
  });

  it('a bad time typed in text is a clear error, not a crash', async () => {
    const { bot } = setup({ subscriptions: fakeSubscriptions() });
    const r = expectKind(await bot.handle('/quote daily 25:00', MANAGER), 'notice');
    expect(r.message.en).toContain('“25:00” is not a time');
    expect(spellMessage(r.message, spellText).en).toContain('Usage: /quote daily HH:MM [zone] [zh|en|both]');
  });
});

describe('help', () => {
  it('lists every command once, bilingual', async () => {
    const { bot } = setup();
    const r = expectKind(await bot.handle('/quote help', MANAGER), 'help');
    const usages = r.entries.map((e) => e.usage);
    expect(new Set(usages).size).toBe(usages.length);
    for (const u of ['/quote', '/quote <query>', '/quote topic <topic>', '/quote daily off', '/quote help']) {
      expect(usages).toContain(u);
    }
    for (const e of r.entries) expect(e.summary.zh && e.summary.en).toBeTruthy();
  });

  it('an unknown subcommand gets the corrected line with its argument, not the whole help', async () => {
    const { bot } = setup();
    const r = expectKind(await bot.handle('tpoic agi', MANAGER), 'notice');
    expect(r.message.refs).toEqual([{ run: { name: 'topic', topic: 'agi' } }, { usage: 'help' }]);
    expect(spellMessage(r.message, spellText).en).toBe(
      'There is no “tpoic” command. Did you mean /quote topic agi? /quote help lists every command.',
    );
  });

  it('a word the corpus uses is searched even when it looks like a typo of a subcommand', async () => {
    const { bot } = setup();
    // `long` is one edit from `lang`, but the fixture has the keyword "long game".
    const r = expectKind(await bot.handle('long', MANAGER), 'quote');
    expect(r.quote.id).toBe('company-must-survive');
    const withoutKeyword = createBot({
      corpus: fixtureCorpus(FIXTURE_QUOTES.filter((q) => q.id !== 'company-must-survive')),
      search: stubSearch(),
      settings: mapSettings(),
    });
    const typo = expectKind(await withoutKeyword.handle('long', MANAGER), 'notice');
    expect(spellMessage(typo.message, spellText).en).toContain('Did you mean /quote lang?');
  });
});
