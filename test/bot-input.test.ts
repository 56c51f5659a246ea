// Review fixes to how the bot reads what people type: near-miss subcommands, invisible and control characters,
// short topic words, the discuss no-match, and re-subscribing with only a new time.
import { spellMessage, spellText } from '../src/bot/syntax.js';
import { describe, expect, it } from 'vitest';
import { createBot } from '../src/bot/index.js';
import type { Reply } from '../src/bot/reply.js';
import type { BotDeps } from '../src/bot/types.js';
import { ok } from '../src/result.js';
import type { QuoteSearch } from '../src/search/types.js';
import {
  FIXTURE_QUOTES,
  MANAGER,
  fakeSubscriptions,
  fixtureCorpus,
  mapSettings,
  stubSearch,
} from './bot-fixture.js';

function setup(extra: Partial<BotDeps> = {}) {
  return createBot({
    corpus: fixtureCorpus(),
    search: stubSearch(),
    settings: mapSettings(),
    random: () => 0,
    ...extra,
  });
}

/** A search that finds the first fixture quote for anything, and records what it was asked. */
function findsSomething(): QuoteSearch & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    search: (query) => {
      calls.push(query);
      return ok([{ quote: FIXTURE_QUOTES[0]!, score: 1 }]);
    },
  };
}

/** A search that never finds anything. */
const findsNothing: QuoteSearch = { search: () => ok([]) };

function expectKind<K extends Reply['kind']>(reply: Reply, kind: K): Extract<Reply, { kind: K }> {
  expect(reply.kind).toBe(kind);
  return reply as Extract<Reply, { kind: K }>;
}

describe('a first word one typo away from a subcommand', () => {
  it.each(['/quote content moderation', 'dairy farming', 'helps startups'])(
    '%j is searched, not answered with "did you mean"',
    async (text) => {
      const search = findsSomething();
      const r = expectKind(await setup({ search }).handle(text, MANAGER), 'quote');
      expect(r.quote.id).toBe(FIXTURE_QUOTES[0]!.id);
      expect(search.calls).toEqual([text.replace('/quote ', '')]);
    },
  );

  it('gets "did you mean" when the search for it finds nothing', async () => {
    const r = expectKind(await setup({ search: findsNothing }).handle('contxet foo', MANAGER), 'notice');
    expect(spellMessage(r.message, spellText).en).toBe(
      'There is no “contxet” command. Did you mean /quote context <id>? /quote help lists every command.',
    );
  });

  it.each([
    ['hepl', '/quote help'],
    ['dairy', '/quote daily status'],
    ['tpoic agi', '/quote topic agi'],
    ['topc agi', '/quote topic agi'],
    ['dialy 9:00 UTC', '/quote daily 09:00 UTC'],
    ['lnag en', '/quote lang en'],
    ['contxt poverty-limited-imagination', '/quote context poverty-limited-imagination'],
    ['contxet poverty-limited-imagination', '/quote context poverty-limited-imagination'],
    ['dicsuss weekly mon 10:00', '/quote discuss weekly mon 10:00'],
  ])(
    '%j is a typo even when a search would find something: it offers %j, not the whole help',
    async (text, line) => {
      const search = findsSomething();
      const r = expectKind(await setup({ search }).handle(text, MANAGER), 'notice');
      const spelled = spellMessage(r.message, spellText);
      expect(spelled.en).toContain(`Did you mean ${line}?`);
      expect(spelled.zh).toContain(`你是不是想用 ${line}?`);
      expect(search.calls).toEqual([]);
    },
  );
});

describe('control and invisible characters in what is typed', () => {
  it('never echoes a terminal escape sequence back', async () => {
    const r = expectKind(await setup().handle('\u001b[31mzzqxv\u001b[0m', MANAGER), 'no-match');
    expect(r.query).toBe('zzqxv');
    const json = JSON.stringify(r);
    for (const escape of ['\u001b', '\u009b', '\\u001b', '\\u009b']) expect(json).not.toContain(escape);
  });

  it('searches the words around control characters', async () => {
    const r = expectKind(await setup().handle('\u001b]0;title\u0007贫穷\u0000', MANAGER), 'quote');
    expect(r.quote.text).toContain('贫穷');
  });

  it.each([
    ['zero-width spaces', '\u200b\u200b\u200b'],
    ['zero-width spaces after /quote', '/quote \u200b'],
    ['an escape sequence', '\u001b[2J'],
    ['C1 controls', '\u0085\u009b'],
  ])('a line of only %s says there is nothing to search for, not a random quote', async (_, text) => {
    const r = expectKind(await setup().handle(text, MANAGER), 'no-match');
    expect(r.message.en).toContain('nothing to search for');
    expect(r.query).toBe('');
  });

  it('an empty line is still a random insight', async () => {
    expect((await setup().handle('  ', MANAGER)).kind).toBe('quote');
  });
});

describe('topics by a short word', () => {
  it.each(['2b', '2C', 'topic 2b'])('/quote topic %s is 2B vs 2C', async (word) => {
    const text = word.startsWith('topic') ? `/quote ${word}` : `/quote topic ${word}`;
    const r = expectKind(await setup().handle(text, MANAGER), 'quote');
    expect(r.quote.topics).toContain('2b-vs-2c');
  });
});

describe('discuss with no matching prompt', () => {
  it('suggests topics for /quote discuss, and each suggestion gives a discussion', async () => {
    const bot = setup({ search: findsNothing });
    const r = expectKind(await bot.handle('/quote discuss xyzzy', MANAGER), 'no-match');
    expect(r.suggestCommand).toBe('discuss');
    expect(r.suggestedTopics.length).toBeGreaterThan(0);
    for (const t of r.suggestedTopics)
      expect((await bot.handle(`/quote discuss ${t}`, MANAGER)).kind).toBe('discussion');
  });

  it('a failed search or topic suggests /quote topic', async () => {
    const bot = setup({ search: findsNothing });
    expect(expectKind(await bot.handle('/quote xyzzy', MANAGER), 'no-match').suggestCommand).toBe('topic');
    expect(expectKind(await bot.handle('/quote topic klingon', MANAGER), 'no-match').suggestCommand).toBe(
      'topic',
    );
  });
});

describe('subscribing again with only a new time', () => {
  it('keeps the zone, days and language of the subscription it replaces', async () => {
    const subscriptions = fakeSubscriptions();
    const bot = setup({ subscriptions, defaultTimeZone: 'Asia/Shanghai' });
    await bot.handle('/quote daily 09:00 Europe/London zh weekdays', MANAGER);
    const r = expectKind(await bot.handle('/quote daily 9am', MANAGER), 'subscriptions');
    expect(subscriptions.requests[1]).toMatchObject({
      time: '09:00',
      timezone: 'Europe/London',
      days: [1, 2, 3, 4, 5],
      lang: 'zh',
    });
    expect(r.message?.en).toContain('(Europe/London)');
  });

  it('takes a new zone or language when one is given, and keeps the rest', async () => {
    const subscriptions = fakeSubscriptions();
    const bot = setup({ subscriptions });
    await bot.handle('/quote daily 09:00 Europe/London zh', MANAGER);
    await bot.handle('/quote daily 10:00 UTC', MANAGER);
    await bot.handle('/quote daily 11:00 en', MANAGER);
    expect(subscriptions.requests.slice(1)).toMatchObject([
      { time: '10:00', timezone: 'UTC', lang: 'zh' },
      { time: '11:00', timezone: 'UTC', lang: 'en' },
    ]);
  });

  it("a weekly discussion with no zone takes the channel's daily zone, and its own days and language", async () => {
    const subscriptions = fakeSubscriptions();
    const bot = setup({ subscriptions, defaultTimeZone: 'Asia/Shanghai' });
    await bot.handle('/quote daily 09:00 Europe/London zh', MANAGER);
    await bot.handle('/quote discuss weekly fri 10:00', MANAGER);
    expect(subscriptions.requests[1]).toMatchObject({
      kind: 'discuss',
      timezone: 'Europe/London',
      days: [5],
      lang: 'both',
    });
  });
});
