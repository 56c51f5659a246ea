import { beforeEach, describe, expect, it } from 'vitest';
import type { Quote, Topic } from '../src/quotes/schema.js';
import { createQuoteSearch } from '../src/search/index.js';
import { MAX_QUERY_LENGTH, type SearchHit, type SearchOptions } from '../src/search/types.js';
import { perFile } from './per-file.js';

const quote = (
  id: string,
  text: string,
  en: string,
  topics: Topic[],
  keywords: { zh: string[]; en: string[] } = { zh: [], en: [] },
  question = { zh: '你怎么看?', en: 'What do you think?' },
): Quote => ({
  id,
  sourceId: 'fixture',
  section: '01',
  text,
  en,
  question,
  topics,
  keywords,
  insight: false,
});

/** A small corpus in the shape of the real one: verbatim Chinese, English, keywords, questions, topics. */
const QUOTES: readonly Quote[] = [
  quote('survive', '公司要活下来', 'The company has to survive.', ['startup', 'strategy'], {
    zh: ['活下来', '生存'],
    en: ['survival', 'startup'],
  }),
  quote(
    'disruptive',
    '颠覆式创新。它的每一个部分过去可能都有人想到过,但把它变成一个体系,成为神经网络的基础,这肯定是颠覆式创新。',
    'Disruptive innovation. Every part of it may have been thought of before, but turning it into a system is disruptive.',
    ['innovation', 'transformer'],
    { zh: ['颠覆式创新', '体系'], en: ['disruptive innovation', 'breakthrough'] },
    { zh: 'Transformer 是颠覆式创新还是渐进式创新?', en: 'Is the Transformer disruptive or incremental?' },
  ),
  quote(
    'haste',
    '我也看到有些创业团队,不懂底层的技术,就直接做集成,可能欲速则不达。',
    'I also see startup teams that skip the underlying technology and go straight to integration: haste makes waste.',
    ['startup', 'innovation'],
    { zh: ['欲速则不达', '集成'], en: ['haste makes waste', 'shortcuts'] },
  ),
  quote(
    'train-while-using',
    '所以我们既炼模型,同时也希望它能很快在某些领域落地,边炼边用,不能割裂',
    'So we train models and at the same time want them deployed quickly: training while using.',
    ['deployment', 'strategy'],
    { zh: ['边炼边用', '落地'], en: ['train while using', 'deployment'] },
  ),
  quote(
    'poverty',
    '贫穷限制了想象力。',
    'Poverty limited our imagination.',
    ['research', 'compute'],
    { zh: ['贫穷', '想象力'], en: ['poverty', 'imagination'] },
    { zh: '为什么这么多年都没能实现这些设想?', en: 'Why were these ideas never realised for so many years?' },
  ),
  quote(
    'gpt-picks-fruit',
    'Google 也许觉得有点亏,Transformer 是它搞的,轰动一时的 BERT 也是它搞的,但现在摘果子的是 GPT。',
    'Google may feel short-changed: it made the Transformer and BERT, but GPT is the one picking the fruit.',
    ['transformer', 'openai'],
    { zh: ['摘果子'], en: ['Google', 'BERT', 'GPT'] },
  ),
  quote(
    'cannot-afford',
    '他们说你做大模型,我也用不起,你给我一个百亿或千亿参数的模型,我得买多少机器?',
    'They said: if you build a large model, we cannot afford to use it. How many machines would we have to buy?',
    ['cost', '2b-vs-2c'],
    { zh: ['用不起', '成本'], en: ['cost', 'afford', 'customers'] },
  ),
  quote(
    'why-not-2c',
    '2C 可能成就伟大公司,2B 节奏慢,但是更务实。',
    'Consumer products may make great companies; enterprise business is slow but more pragmatic.',
    ['2b-vs-2c', 'strategy'],
    { zh: ['务实'], en: ['pragmatic'] },
    { zh: '你一开始就在调研企业客户,为什么不考虑做 2C?', en: 'Why did you not consider going 2C?' },
  ),
];

// Once per file, or per test under a mutation run (see test/per-file.ts).
const built = perFile(() => createQuoteSearch(QUOTES));
let search: ReturnType<typeof createQuoteSearch>;
beforeEach(() => {
  search = built();
});
const hits = (query: string, options?: SearchOptions): SearchHit[] => {
  const result = search.search(query, options);
  if (!result.ok) throw new Error(`refused ${JSON.stringify(query)}: ${result.error.reason}`);
  return result.value;
};
const first = (query: string, options?: SearchOptions): string | undefined =>
  hits(query, options)[0]?.quote.id;

describe('search in Chinese', () => {
  it("finds an exact phrase: '公司要活下来' returns the survive quote first", () => {
    expect(first('公司要活下来')).toBe('survive');
  });

  it("reads traditional characters: '顛覆式創新' returns the 颠覆式创新 quote first", () => {
    expect(first('顛覆式創新')).toBe('disruptive');
    expect(first('邊煉邊用')).toBe('train-while-using');
  });

  it('finds a quote from scattered keywords rather than a phrase', () => {
    expect(first('机器 参数 用不起')).toBe('cannot-afford');
  });

  it('folds full-width letters and case: "ＧＯＯＧＬＥ 摘果子" finds the GPT quote', () => {
    expect(first('ＧＯＯＧＬＥ 摘果子')).toBe('gpt-picks-fruit');
  });

  it("matches the interviewer's question: '为什么不做 2C' returns the answer to that question", () => {
    expect(first('为什么不做 2C')).toBe('why-not-2c');
  });
});

describe('search in pinyin', () => {
  it.each([
    ['gongsi yao huo xialai', 'survive'],
    ['gongsiyaohuoxialai', 'survive'],
    ['yusuzebuda', 'haste'],
    ['gōngsī yào huó xiàlái', 'survive'],
    ['gong1si1 yao4', 'survive'],
    ['bianlianbianyong', 'train-while-using'],
  ])('full pinyin %j finds %s', (query, id) => {
    expect(first(query)).toBe(id);
  });

  it.each([
    ['dfscx', 'disruptive'],
    ['pqxzlxxl', 'poverty'],
    ['ysztbd', undefined],
  ])('initials %j find %s', (query, id) => {
    expect(first(query)).toBe(id);
  });
});

describe('search in English', () => {
  it('matches inflections through stemming: "surviving companies" finds the survive quote', () => {
    expect(first('surviving companies')).toBe('survive');
  });

  it('ignores stop words: "the haste that makes waste" finds the haste quote', () => {
    expect(first('the haste that makes waste')).toBe('haste');
  });

  it('prefers words in the same order: "at the same time" finds the train-while-using quote', () => {
    expect(first('train at the same time')).toBe('train-while-using');
  });

  it('is case-insensitive: "DISRUPTIVE INNOVATION" finds the disruptive quote', () => {
    expect(first('DISRUPTIVE INNOVATION')).toBe('disruptive');
  });
});

describe('search with typos', () => {
  it("a homophone typo is found through pinyin: '边练边用' finds 边炼边用", () => {
    expect(first('边练边用')).toBe('train-while-using');
  });

  it("a near-miss character still matches most of the phrase: '欲速则不到' finds 欲速则不达", () => {
    expect(first('欲速则不到')).toBe('haste');
  });

  it('an English misspelling is corrected from the corpus vocabulary: "disruptve inovation"', () => {
    expect(first('disruptve inovation')).toBe('disruptive');
  });

  it('two words written together are split: "hastemakes waste"', () => {
    expect(first('hastemakes waste')).toBe('haste');
  });
});

describe('mixed queries', () => {
  it('"BERT Google GPT 摘果子" finds the GPT quote', () => {
    expect(first('BERT Google GPT 摘果子')).toBe('gpt-picks-fruit');
  });

  it('"2B 务实 pragmatic" finds the 2C/2B quote', () => {
    expect(first('2B 务实 pragmatic')).toBe('why-not-2c');
  });
});

describe('ranking, scores and options', () => {
  it('returns hits best first with scores in (0, 1]', () => {
    const found = hits('创新 innovation', { limit: 50 });
    expect(found.length).toBeGreaterThan(1);
    for (const hit of found) {
      expect(hit.score).toBeGreaterThan(0);
      expect(hit.score).toBeLessThanOrEqual(1);
    }
    const scores = found.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('gives the same answer to the same query every time', () => {
    expect(hits('创新 startup')).toEqual(hits('创新 startup'));
  });

  it('returns at most 5 hits by default and honours limit, capped at 50', () => {
    expect(hits('的').length).toBeLessThanOrEqual(5);
    expect(hits('创新', { limit: 1 })).toHaveLength(1);
    expect(hits('的', { limit: 1000 }).length).toBeLessThanOrEqual(50);
    expect(hits('创新', { limit: 0 })).toEqual([]);
  });

  it('offset skips the best hits: offset 1 starts at the second hit', () => {
    const all = hits('创新', { limit: 10 });
    expect(all.length).toBeGreaterThan(1);
    expect(hits('创新', { offset: 1, limit: 1 })[0]?.quote.id).toBe(all[1]?.quote.id);
    expect(hits('创新', { offset: 100 })).toEqual([]);
  });

  it('the topic filter keeps only quotes with that topic', () => {
    const found = hits('创新 公司', { topic: 'strategy', limit: 50 });
    expect(found.length).toBeGreaterThan(0);
    for (const hit of found) expect(hit.quote.topics).toContain('strategy');
    expect(hits('颠覆式创新', { topic: 'cost' })).toEqual([]);
  });

  it('an unknown topic is refused as a value', () => {
    expect(search.search('创新', { topic: 'astrology' })).toEqual({
      ok: false,
      error: { reason: 'unknown-topic', topic: 'astrology' },
    });
  });

  it('a query that matches nothing is ok([]), not an error', () => {
    expect(search.search('zzzqqqxxx')).toEqual({ ok: true, value: [] });
    expect(search.search('量子纠缠')).toEqual({ ok: true, value: [] });
  });

  it('an empty corpus answers every query with ok([])', () => {
    expect(createQuoteSearch([]).search('公司要活下来')).toEqual({ ok: true, value: [] });
  });
});

describe('bad input is answered, never thrown', () => {
  it.each([
    ['the empty string', ''],
    ['white space', ' \t\n\r\u3000 '],
    ['emoji only', '🤖🚀👍🏽'],
    ['zero-width characters only', '\u200b\u200c\u200d\ufeff\u2060'],
    ['control characters only', '\u0000\u0001\u0007\u001b\u007f'],
    ['punctuation only', '。,!?…——“”'],
    ['regex metacharacters only', '.*('],
  ])('%s is refused as empty', (_, query) => {
    expect(search.search(query)).toEqual({ ok: false, error: { reason: 'empty' } });
  });

  it(`a query longer than ${MAX_QUERY_LENGTH} characters is refused as too long, with both lengths`, () => {
    expect(search.search('a'.repeat(10_000))).toEqual({
      ok: false,
      error: { reason: 'too-long', max: MAX_QUERY_LENGTH, length: 10_000 },
    });
    expect(search.search('创'.repeat(MAX_QUERY_LENGTH + 1)).ok).toBe(false);
  });

  it('length is counted after trimming, so padding does not make a query too long', () => {
    expect(search.search(`${' '.repeat(1000)}公司要活下来${' '.repeat(1000)}`).ok).toBe(true);
  });

  it.each(['.*(', 'a.*b', '[a-z]+$', '(((((', '\\d{3}|^$', '公司.*活', '?'.repeat(50)])(
    'regex metacharacters are plain characters: %j answers as if they were spaces',
    (query) => {
      const asSpaces = query.replace(/[.*+?^${}()|[\]\\]/g, ' ');
      expect(search.search(query)).toEqual(search.search(asSpaces));
    },
  );

  it('a query with regex metacharacters still finds the words around them', () => {
    expect(first('公司.*活')).toBe('survive');
    expect(search.search('.*(')).toEqual({ ok: false, error: { reason: 'empty' } });
  });

  it('zero-width and control characters inside a query are ignored', () => {
    expect(first('公\u200b司要\u0007活下来')).toBe('survive');
    expect(first('yu\u200dsu\u200bze\ufeffbu da')).toBe('haste');
  });

  it('random strings of every script, lone surrogates and odd options never throw; scores stay in (0, 1]', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const ranges = [
      [0x20, 0x7e], // ASCII
      [0x4e00, 0x9fff], // CJK
      [0xd800, 0xdfff], // lone surrogates
      [0x0, 0x1f], // controls
      [0x200b, 0x200f], // zero-width and bidi marks
      [0x1f300, 0x1faff], // emoji
      [0x300, 0x36f], // combining marks
      [0xff00, 0xffef], // full-width forms
    ] as const;
    for (let i = 0; i < 300; i++) {
      let query = '';
      for (let j = Math.floor(random() * 40); j > 0; j--) {
        const [from, to] = ranges[Math.floor(random() * ranges.length)]!;
        query += String.fromCodePoint(from + Math.floor(random() * (to - from)));
      }
      const options = { limit: Math.floor(random() * 60) - 5, offset: Math.floor(random() * 10) - 2 };
      const result = search.search(query, options);
      if (result.ok) for (const hit of result.value) expect(hit.score).toBeGreaterThan(0);
      if (result.ok) for (const hit of result.value) expect(hit.score).toBeLessThanOrEqual(1);
      else expect(['empty', 'too-long']).toContain(result.error.reason);
    }
  });

  it('queries at the length limit of every kind finish', () => {
    const longest = [
      '创新'.repeat(MAX_QUERY_LENGTH / 2),
      'a'.repeat(MAX_QUERY_LENGTH),
      'innovation '.repeat(45),
      'zhong'.repeat(100),
      'dfscx '.repeat(83),
      '🤖a'.repeat(166),
    ];
    for (const query of longest) {
      expect(query.trim().length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
      expect(search.search(query), query.slice(0, 20)).toMatchObject({ ok: true, value: expect.any(Array) });
    }
  });
});
