import { beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';
import { createQuoteSearch } from '../src/search/index.js';
import { perFile } from './per-file.js';

// The shipped interview: what users actually search. Expectations name a phrase of the right quote's text.
const corpus = loadCorpus([shippedQuotesDir()]);
// Once per file, or per test under a mutation run (see test/per-file.ts).
const built = perFile(() => createQuoteSearch(corpus.quotes));
let search: ReturnType<typeof createQuoteSearch>;
beforeEach(() => {
  search = built();
});
const texts = (query: string, limit = 5): string[] => {
  const result = search.search(query, { limit });
  return result.ok ? result.value.map((hit) => hit.quote.text) : [];
};

describe('searching the shipped interview', () => {
  it('has quotes to search', () => {
    expect(corpus.quotes.length).toBeGreaterThan(50);
  });

  it.each([
    // Chinese, simplified and traditional
    ['公司要活下来', '公司要活下来'],
    ['颠覆式创新', '颠覆式创新'],
    ['顛覆式創新', '颠覆式创新'],
    ['最後一公里', '最后一公里'],
    ['天作之合', '天作之合'],
    ['ResNET 底层创新', '底层创新'],
    // pinyin: with and without spaces, initials
    ['gongsi yao huo xialai', '公司要活下来'],
    ['yusuzebuda', '欲速则不达'],
    ['dfscx', '颠覆式创新'],
    ['pqxzlxxl', '贫穷限制了'],
    ['tianzuozhihe', '天作之合'],
    // English
    ['haste makes waste', '欲速则不达'],
    ['disruptive innovation', '颠覆式创新'],
    ["Moore's law", '摩尔定律'],
    ['a match made in heaven', '天作之合'],
    // typos
    ['边练边用', '边炼边用'],
    ['欲速则不到', '欲速则不达'],
    ['disruptve inovation', '颠覆式创新'],
    ['Moores law chip', '摩尔定律'],
    // mixed
    ['BERT Google GPT 摘果子', '摘果子的是 GPT'],
    ['OpenAI 扫地的 身价', '哪怕就是扫地的'],
  ])('%j returns the quote containing %j first', (query, phrase) => {
    expect(texts(query)[0]).toContain(phrase);
  });

  // Phrases that occur in one quote only, whose characters are common elsewhere: only the exact-phrase bonus
  // (on the Chinese text, not its pinyin) puts that quote first. Pinned by containment, so re-cut quotes pass.
  it.each(['我们的技术', '都不需要了', '用它生成', '注意力都', '语言的人'])(
    'the exact phrase %j puts the one quote containing it first',
    (phrase) => {
      const containing = corpus.quotes.filter((q) => q.text.includes(phrase));
      expect(containing, `${phrase} should occur in exactly one quote of the corpus`).toHaveLength(1);
      expect(texts(phrase)[0]).toContain(phrase);
    },
  );

  it('finds every quote first when searched by its own Chinese text', () => {
    const missed = corpus.quotes.filter((q) => {
      const result = search.search(q.text.slice(0, 500), { limit: 1 });
      return !result.ok || result.value[0]?.quote.id !== q.id;
    });
    expect(missed.map((q) => q.id)).toEqual([]);
  });

  it('finds every quote in the top 3 when searched by its English translation', () => {
    const missed = corpus.quotes.filter((q) => {
      const result = search.search(q.en.slice(0, 500), { limit: 3 });
      return !result.ok || !result.value.some((hit) => hit.quote.id === q.id);
    });
    expect(missed.map((q) => q.id)).toEqual([]);
  });

  it('the topic filter narrows a broad query to that topic', () => {
    const result = search.search('大模型', { topic: 'cost', limit: 50 });
    expect(result.ok && result.value.length).toBeGreaterThan(0);
    if (result.ok) for (const hit of result.value) expect(hit.quote.topics).toContain('cost');
  });

  it('pages through a broad query without repeating a quote', () => {
    const pages = [0, 5, 10].map((offset) => search.search('创新', { offset, limit: 5 }));
    const ids = pages.flatMap((page) => (page.ok ? page.value.map((hit) => hit.quote.id) : []));
    expect(ids.length).toBeGreaterThan(5);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
