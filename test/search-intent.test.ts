import { beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';
import { createQuoteSearch } from '../src/search/index.js';
import { perFile } from './per-file.js';

// The shipped interview, searched the way a team asks: his view, his reasons, his advice, their situation.
// Expectations name a phrase of the answer (not an id), so they survive the corpus being re-cut.
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
const firstContainsOneOf = (query: string, phrases: readonly string[]): void => {
  const first = texts(query)[0] ?? '(nothing matched)';
  expect(
    phrases.some((p) => first.includes(p)),
    `${query} → ${first}`,
  ).toBe(true);
};

describe('intent: a question about his view, his reasons or his advice finds the answer he gave', () => {
  it.each([
    // his view
    ['他怎么看ChatGPT', ['ChatGPT 很了不起']],
    ['what does he think of ChatGPT', ['ChatGPT 很了不起']],
    ['怎么看OpenAI', ['天作之合', '集成创新做得非常好', '所有东西做到了极致']],
    ['what does he think of OpenAI', ['天作之合', '集成创新做得非常好', '所有东西做到了极致']],
    ['他如何看待大模型2C创业', ['一条不归路', '军备竞赛']],
    ['what is his opinion of ResNet', ['fundamental 的底层创新']],
    // his reasons
    ['为什么中国做不出ChatGPT', ['任何技术出现都有一定偶然性', '集成创新中国是比较薄弱']],
    ['为什么不做2C', ['2B 节奏慢,但是更务实', '一条不归路']],
    ['why 2B', ['2B 节奏慢,但是更务实']],
    ['why did OpenAI succeed', ['天作之合', '集成创新做得非常好']],
    // advice
    ['给创业者的建议', ['公司要活下来', '两条腿走路', '边炼边用', '欲速则不达']],
    ['advice for a founder with no money', ['先靠 80% 的任务活着', '公司要活下来', '先拿 80% 的任务']],
    // a team's situation
    ['我们预算很少但想做大模型', ['先靠 80% 的任务活着', '先拿 80% 的任务', '走务实的路线']],
    ["our customers can't afford big models", ['我也用不起', '便宜和够用']],
    ['我们的客户是国企,数据不能上云', ['一般不会用公有云', '私有化部署']],
  ])('%j → his answer', (query, phrases) => {
    firstContainsOneOf(query, phrases);
  });
});

describe('nothing matched: queries about what he never talks about get no quote', () => {
  it.each([
    '天气预报',
    "what's the weather in London tomorrow",
    '红烧肉怎么做',
    'best pasta carbonara recipe',
    'iPhone 15 多少钱',
    '他怎么看微信',
    'what does he think of TikTok',
    'what does he think of the Apple Vision Pro',
    'cheap flights to Paris',
    '比特币今天的价格',
    'how do I reverse a linked list',
    'Excel 怎么做数据透视表',
    // Two respellings ("bake" → take, "bread" → break) are two accidents, not two pieces of evidence.
    'how to bake sourdough bread',
  ])('%j → nothing', (query) => {
    expect(texts(query)).toEqual([]);
  });

  it('pinyin of a synonym the quotes do not use still finds them: pinkun (贫困) → 贫穷', () => {
    expect(texts('pinkun')[0]).toContain('贫穷');
  });

  it('a word the thesaurus knows is not respelt into an unrelated one: toB finds 2B, not "job"', () => {
    const first = texts('toB')[0] ?? '';
    expect(first).toMatch(/2B/);
  });
});

describe('exact phrases', () => {
  it('a phrase that appears in one quote only returns that quote first: 贫穷限制了我 → 贫穷限制了我们的想象力', () => {
    expect(texts('贫穷限制了我')[0]).toContain('贫穷限制了我们的想象力');
    expect(texts('贫穷限制了想')[0]).toContain('贫穷限制了想象力');
  });

  it('every five-character stretch found in one quote only returns that quote first', () => {
    // Stretches of Chinese as written (within one run of characters, no punctuation inside).
    const runsOf = (text: string): string[][] =>
      (text.match(/\p{Script=Han}{5,}/gu) ?? []).map((run) => [...run]);
    const missed: string[] = [];
    let checked = 0;
    corpus.quotes.forEach((quote) => {
      for (const chars of runsOf(quote.text)) {
        for (const at of [0, Math.floor(chars.length / 2) - 2, chars.length - 5]) {
          const phrase = chars.slice(at, at + 5).join('');
          if (corpus.quotes.filter((q) => q.text.includes(phrase)).length !== 1) continue;
          checked++;
          const result = search.search(phrase, { limit: 1 });
          const first = result.ok ? result.value[0]?.quote : undefined;
          if (first?.id !== quote.id) missed.push(`${phrase} → ${first?.id ?? 'nothing'}`);
        }
      }
    });
    expect(checked).toBeGreaterThan(200);
    expect(missed).toEqual([]);
  });
});

describe('explain', () => {
  it('says which words and fields made the top hit win', () => {
    const result = search.explain('why 2B');
    if (!result.ok) throw new Error('refused');
    const { top, words } = result.value;
    expect(words.map((w) => w.word)).toEqual(['2b']);
    expect(top?.coverage).toBe(1);
    expect(top?.contributions.some((c) => c.kind === 'term' && c.fields.length > 0)).toBe(true);
    expect(top?.contributions.some((c) => c.kind === 'question')).toBe(true);
  });

  it('says which quotes were turned down for explaining too little of an off-topic query', () => {
    const result = search.explain('cheap flights to Paris');
    if (!result.ok) throw new Error('refused');
    expect(result.value.hits).toEqual([]);
    expect(result.value.turnedDown.length).toBeGreaterThan(0);
    expect(result.value.turnedDown[0]!.coverage).toBeLessThan(0.5);
  });
});
