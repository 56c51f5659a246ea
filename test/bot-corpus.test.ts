// The bot over the real shipped corpus and the real search, as `mingyan start` runs it.
import { beforeEach, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../src/bot/index.js';
import type { Corpus } from '../src/quotes/corpus.js';
import { MAX_PAYLOAD_LENGTH } from '../src/bot/payload.js';
import { loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';
import { TOPICS } from '../src/quotes/schema.js';
import { createQuoteSearch } from '../src/search/index.js';
import { MANAGER, mapSettings } from './bot-fixture.js';
import { perFile } from './per-file.js';

// Once per file, or per test under a mutation run (see test/per-file.ts).
const built = perFile(() => {
  const corpus = loadCorpus([shippedQuotesDir()]);
  const bot = createBot({
    corpus,
    search: createQuoteSearch(corpus.quotes),
    settings: mapSettings(),
    random: () => 0.5,
  });
  return { corpus, bot };
});
let corpus: Corpus;
let bot: Bot;
beforeEach(() => {
  ({ corpus, bot } = built());
});

describe('the bot over the shipped corpus', () => {
  it('loads quotes with no issues', () => {
    expect(corpus.issues).toEqual([]);
    expect(corpus.quotes.length).toBeGreaterThan(20);
  });

  it('/quote 贫穷 finds a quote about poverty, with attribution to 周明, 晚点 LatePost, 2023-04', async () => {
    const r = await bot.handle('/quote 贫穷', MANAGER);
    expect(r.kind).toBe('quote');
    if (r.kind !== 'quote') return;
    expect(r.quote.text).toContain('贫穷');
    expect(r.quote.attribution.speaker).toEqual({ zh: '周明', en: 'Zhou Ming' });
    expect(r.quote.attribution.publication.zh).toContain('晚点');
    expect(r.quote.attribution.date).toBe('2023-04');
    expect(r.quote.attribution.url).toMatch(/^https:\/\//);
  });

  it('English and pinyin reach the same quotes', async () => {
    for (const q of ['poverty', 'pinqiong']) {
      const r = await bot.handle(q, MANAGER);
      expect(r.kind === 'quote' && r.quote.text).toContain('贫穷');
    }
  });

  it('every topic with quotes answers /quote topic by id', async () => {
    const counts = await bot.handle('/quote topics', MANAGER);
    expect(counts.kind).toBe('topics');
    if (counts.kind !== 'topics') return;
    for (const t of counts.topics) {
      expect(TOPICS).toContain(t.id);
      const r = await bot.handle(`/quote topic ${t.id}`, MANAGER);
      expect(r.kind === 'quote' && r.quote.topics).toContain(t.id);
    }
  });

  it('context of every quote holds the quote, and every button payload is short and works', async () => {
    for (const q of corpus.quotes) {
      const r = await bot.handle(`/quote context ${q.id}`, MANAGER);
      expect(r.kind).toBe('context');
      if (r.kind !== 'context') continue;
      expect(r.answer.join('').replace(/\s+/g, '')).toContain(q.text.replace(/\s+/g, ''));
      for (const a of r.actions) expect(a.payload.length).toBeLessThanOrEqual(MAX_PAYLOAD_LENGTH);
    }
  });

  it('discuss, today and autocomplete work on the real corpus', async () => {
    const d = await bot.handle('/quote discuss', MANAGER);
    expect(d.kind).toBe('discussion');
    const t = await bot.handle('/quote today', MANAGER);
    expect(t.kind === 'quote' && corpus.byId.get(t.quote.id)?.insight).toBe(true);
    const s = bot.suggest('transformer', 25);
    expect(s.length).toBeGreaterThan(0);
    for (const x of s) {
      expect(corpus.byId.has(x.id)).toBe(true);
      expect(Array.from(x.label).length).toBeLessThanOrEqual(100);
    }
  });
});
