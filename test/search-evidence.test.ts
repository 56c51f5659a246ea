import { describe, expect, it } from 'vitest';
import type { Quote, Topic } from '../src/quotes/schema.js';
import { createQuoteSearch } from '../src/search/index.js';
import type { Explanation, SearchOptions } from '../src/search/types.js';
import { perFile } from './per-file.js';

// Each kind of evidence the search weighs, made to decide a ranking on a small hand-made corpus: two quotes that
// tie (or nearly) on everything else, the one with the evidence first. A changed weight or condition flips an
// order or loses a hit. Where two quotes would tie, the one that should lose comes first in the corpus (ties go
// to corpus order), so losing the evidence shows.

type Extra = Partial<Pick<Quote, 'question' | 'lead' | 'keywords' | 'asks' | 'topics'>>;
const quote = (id: string, text: string, en: string, extra: Extra = {}): Quote => ({
  id,
  sourceId: 'fixture',
  section: '01',
  text,
  en,
  question: { zh: '你怎么看?', en: 'What do you think?' },
  topics: ['strategy'] as Topic[],
  keywords: { zh: [], en: [] },
  insight: false,
  ...extra,
});

type Search = ReturnType<typeof createQuoteSearch>;
/** A search over these quotes, once per file, or per test under a mutation run (see test/per-file.ts). */
const corpus = (quotes: Quote[]): (() => Search) => perFile(() => createQuoteSearch(quotes));
const ids = (search: Search, query: string, options: SearchOptions = { limit: 10 }): string[] => {
  const result = search.search(query, options);
  if (!result.ok) throw new Error(`refused ${JSON.stringify(query)}: ${result.error.reason}`);
  return result.value.map((hit) => hit.quote.id);
};
const explain = (search: Search, query: string, options: SearchOptions = { limit: 10 }): Explanation => {
  const result = search.explain(query, options);
  if (!result.ok) throw new Error(`refused ${JSON.stringify(query)}: ${result.error.reason}`);
  return result.value;
};
const scores = (search: Search, query: string): Record<string, number> =>
  Object.fromEntries(explain(search, query).hits.map((h) => [h.quote.id, h.score]));

describe('words next to each other', () => {
  const search = corpus([
    quote('apart', '', 'alpha gamma beta delta'),
    quote('together', '', 'gamma alpha beta delta'),
    quote('numbers-apart', '1750 年以后的亿', 'x'),
    quote('numbers-together', '以后的 1750亿 年', 'y'),
    quote('gpu-apart', 'A100 做训练', 'x'),
    quote('gpu-together', '做训练 A100', 'y'),
    quote('pair', 'omega sigma', 'p'),
    quote('reversed', 'sigma omega', 'r'),
  ]);

  it('a quote holding two query words side by side ranks above one holding them apart', () => {
    expect(ids(search(), 'alpha beta')).toEqual(['together', 'apart']);
  });

  it('side by side means in the order asked: reversed words are as good as scattered ones', () => {
    const s = scores(search(), 'beta alpha');
    expect(s.apart).toBe(s.together);
  });

  it('words with Chinese between them are not side by side: "omega 和 sigma" prefers neither order', () => {
    const s = scores(search(), 'omega 和 sigma');
    expect(Object.keys(s).sort()).toEqual(['pair', 'reversed']);
    expect(s.pair).toBe(s.reversed);
  });

  it('a number next to Chinese ("1750 亿") ranks above the same number and character apart', () => {
    expect(ids(search(), '1750 亿')).toEqual(['numbers-together', 'numbers-apart']);
    expect(ids(search(), '1750亿')).toEqual(['numbers-together', 'numbers-apart']);
  });

  it('so does a Latin word after Chinese ("训练 A100"), in that order only', () => {
    expect(ids(search(), '训练 A100')).toEqual(['gpu-together', 'gpu-apart']);
    const s = scores(search(), 'A100 训练');
    expect(s['gpu-apart']).toBe(s['gpu-together']);
  });
});

describe('fillers never decide a ranking', () => {
  const search = corpus([
    quote('fillers', '一个一个的本事', 'x'),
    quote('both', '本事和机器', 'y'),
    quote('machine', '他的机器', 'z'),
    quote('only-fillers', '为什么一个一个都这样', 'w'),
  ]);

  it("a content word in common outweighs the query's fillers (为什么, 一个, 的) in common", () => {
    expect(ids(search(), '为什么一个机器的本事')[0]).toBe('both');
    expect(ids(search(), '一个本事 机器')[0]).toBe('both');
  });

  it('a quote sharing only fillers with the query is no match', () => {
    expect(ids(search(), '为什么一个机器的本事')).not.toContain('only-fillers');
    expect(ids(search(), '为什么一个本事')).not.toContain('only-fillers');
  });

  it('a query of nothing but fillers still finds the quotes holding them', () => {
    expect(ids(search(), '为什么一个')[0]).toBe('only-fillers');
  });
});

describe('homophones and pinyin', () => {
  const search = corpus([
    quote('homophone', '我们边炼边用', 'x'),
    quote('typed', '我们边练边用', 'y'),
    quote('other', '别的东西', 'z'),
    quote('disruptive', '颠覆式创新', 'a'),
    quote('incremental', '渐进式创新', 'b'),
  ]);

  it('a homophone typo still finds the quote, below the quote spelled as typed', () => {
    expect(ids(search(), '边练边用')).toEqual(['typed', 'homophone']);
    expect(ids(search(), '边炼边用')).toEqual(['homophone', 'typed']);
  });

  it('the pinyin echo counts only for the quote lacking the characters typed', () => {
    const e = explain(search(), '边练边用');
    expect(e.top?.id).toBe('typed');
    expect(e.top?.contributions.filter((c) => c.what.startsWith('~'))).toEqual([]);
  });

  it('full pinyin finds both spellings equally', () => {
    const s = scores(search(), 'bianlianbianyong');
    expect(Object.keys(s).sort()).toEqual(['homophone', 'typed']);
    expect(s.homophone).toBe(s.typed);
  });

  it('pinyin initials dfscx find 颠覆式创新, jjscx 渐进式创新; three letters are too few', () => {
    expect(ids(search(), 'dfscx')).toEqual(['disruptive']);
    expect(ids(search(), 'jjscx')).toEqual(['incremental']);
    expect(ids(search(), 'scx')).toEqual([]);
  });
});

describe('English words: misspellings, relatives, compounds', () => {
  const search = corpus([
    quote('feather', '', 'feathering nests'),
    quote('weather', '', 'weathering storms'),
    quote('success', '', 'success arrives'),
    quote('succeed', '', 'they succeed early'),
  ]);

  it('a misspelt word finds the quote; the closer spelling ranks first', () => {
    expect(ids(search(), 'waethering')).toEqual(['weather', 'feather']);
  });

  it('a guess never outranks the exact word', () => {
    expect(ids(search(), 'weathering')).toEqual(['weather']);
    expect(ids(search(), 'feathering')).toEqual(['feather']);
  });

  it('a relative of a word ("succeed", "success") finds its quote, below the quote with the word itself', () => {
    expect(ids(search(), 'succeed')).toEqual(['succeed', 'success']);
    expect(ids(search(), 'successful')).toEqual(['success', 'succeed']);
  });

  it('two words asked for count alike, even when each is also a relative of the other', () => {
    const s = scores(search(), 'succeed success');
    expect(Object.keys(s).sort()).toEqual(['succeed', 'success']);
    expect(s.succeed).toBeCloseTo(s.success!, 6);
  });
});

describe("the interviewer's question counts for a question-shaped query", () => {
  const Q2C = { zh: '为什么不做2C?', en: 'Why not 2C?' };
  const search = corpus([
    quote('says', '不做2C', 'x'),
    quote('answers', '我们只做企业客户的生意,不做2C的产品', 'y', { question: Q2C }),
  ]);

  it('a question ranks the answer to that question first; the same words as a statement rank the quote saying them', () => {
    expect(ids(search(), '为什么不做2C')).toEqual(['answers', 'says']);
    expect(ids(search(), 'why not 2C')).toEqual(['answers', 'says']);
    expect(ids(search(), '不做2C')).toEqual(['says', 'answers']);
    expect(ids(search(), 'not 2C')).toEqual(['says', 'answers']);
  });

  it('explain names the question as evidence, for a question only', () => {
    const asked = explain(search(), '为什么不做2C');
    expect(asked.asksSomething).toBe(true);
    expect(asked.top?.contributions).toContainEqual(
      expect.objectContaining({ kind: 'question', what: '为什么不做2C? / Why not 2C?' }),
    );
    const stated = explain(search(), '不做2C');
    expect(stated.asksSomething).toBe(false);
    expect(stated.top?.contributions.some((c) => c.kind === 'question')).toBe(false);
  });

  const long = { zh: '为什么不做2C, 也不做硬件和芯片?', en: 'Why not 2C, hardware or chips?' };
  const precise = corpus([
    quote('long-question', '我们只做企业', 'x', { question: long }),
    quote('exact-question', '我们只做企业', 'y', { question: Q2C }),
    quote('first-answer', '我们只做企业客户的生意', 'z', {
      question: { zh: '为什么不做芯片?', en: 'Why no chips?' },
    }),
    quote('second-answer', '我们只做企业', 'w', { question: { zh: '为什么不做芯片?', en: 'Why no chips?' } }),
  ]);

  it('a question about exactly what was asked beats a longer one that also mentions it', () => {
    expect(ids(precise(), '为什么不做2C')).toEqual(['exact-question', 'long-question']);
  });

  it('the first answer to a question ranks above a later, shorter one (answers lead with the point)', () => {
    expect(ids(precise(), '为什么不做芯片').slice(0, 2)).toEqual(['first-answer', 'second-answer']);
    // Without the question, the shorter quote wins.
    expect(ids(precise(), '企业').indexOf('second-answer')).toBeLessThan(
      ids(precise(), '企业').indexOf('first-answer'),
    );
  });
});

describe("the editor's questions (asks) describe situations", () => {
  const search = corpus([
    quote('quoted', '预算有限的时候,公司要先想办法活下来,再谈别的', 'x'),
    quote('asked', '先做能赚钱的任务', 'y', { asks: ['预算有限怎么办'] }),
  ]);

  it('a situation finds the quote the editor filed under it', () => {
    expect(ids(search(), '预算有限怎么办')).toEqual(['asked', 'quoted']);
  });

  it("words found as written in a quote are a quotation: the editor's questions stand aside, unless it is a question", () => {
    const quoting = scores(search(), '预算有限');
    expect(quoting.asked).toBeLessThan(quoting.quoted! * 0.6);
    const asking = scores(search(), '预算有限?');
    expect(asking.asked).toBeGreaterThan(asking.quoted! * 0.8);
  });
});

describe('a phrase is found within one stretch of Chinese, never across punctuation or from text into keyword', () => {
  const search = corpus([
    quote('text-keyword', '颠覆式', 'x', { keywords: { zh: ['创新'], en: [] } }),
    quote('keyword-text', '创新', 'y', { keywords: { zh: ['颠覆式'], en: [] } }),
    quote('runs-reversed', '创新。颠覆式', 'z'),
    quote('runs', '颠覆式。创新', 'w'),
    quote('phrase', '颠覆式创新', 'v'),
  ]);

  it('as characters: only the quote saying 颠覆式创新 gets the phrase', () => {
    const s = scores(search(), '颠覆式创新');
    expect(ids(search(), '颠覆式创新')[0]).toBe('phrase');
    expect(s['text-keyword']).toBeCloseTo(s['keyword-text']!, 1);
    expect(s['runs']).toBeCloseTo(s['runs-reversed']!, 5);
    expect(s['text-keyword']! * 2).toBeLessThan(s['phrase']!);
  });

  it('as pinyin: the words in either order score alike', () => {
    for (const query of ['dianfushichuangxin', 'dianfushi chuangxin']) {
      const s = scores(search(), query);
      expect(ids(search(), query)[0]).toBe('phrase');
      expect(s['runs']).toBe(s['runs-reversed']);
      expect(s['text-keyword']).toBe(s['keyword-text']);
    }
  });

  it('as initials: dfscx finds the phrase only', () => {
    expect(ids(search(), 'dfscx')).toEqual(['phrase']);
  });
});

describe('the spelling dictionary: the words of the quotes, three letters or more', () => {
  const search = corpus([
    quote('gpt', 'GPT 摘了果子', 'GPT picked the fruit'),
    quote('ai', '我们做 AI', 'We do AI'),
    quote('other', '别的', 'other words here'),
  ]);

  it('a three-letter word is respelt: "gtp" finds the GPT quote', () => {
    expect(ids(search(), 'gtp')).toEqual(['gpt']);
  });

  it('a two-letter word is too short to guess from: "aid" does not find the AI quote', () => {
    expect(ids(search(), 'AI')).toEqual(['ai']);
    expect(ids(search(), 'aid')).toEqual([]);
  });
});

describe('topic filter and paging', () => {
  // Seven quotes saying "alpha", shorter ones first (a shorter quote scores higher); only two are about cost.
  const words = ['one', 'two', 'three', 'four', 'five', 'six', 'seven'];
  const search = corpus(
    words.map((_, i) =>
      quote(`q${i}`, '', ['alpha', ...words.slice(0, i)].join(' '), {
        topics: i === 3 || i === 6 ? ['cost'] : ['strategy'],
      }),
    ),
  );

  it('the filter applies before the limit: the best quotes on the topic, even when better ones are off it', () => {
    expect(ids(search(), 'alpha', { limit: 1, topic: 'cost' })).toEqual(['q3']);
    expect(ids(search(), 'alpha', { limit: 5, topic: 'cost' })).toEqual(['q3', 'q6']);
    expect(ids(search(), 'alpha', { limit: 1, offset: 1, topic: 'cost' })).toEqual(['q6']);
  });

  it('pages walk one ranking: offset skips, limit counts, five by default', () => {
    const all = ids(search(), 'alpha', { limit: 50 });
    expect(all).toEqual(['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6']);
    expect(ids(search(), 'alpha', {})).toEqual(all.slice(0, 5));
    expect(ids(search(), 'alpha', { offset: 2, limit: 3 })).toEqual(all.slice(2, 5));
    expect(ids(search(), 'alpha', { offset: 6, limit: 3 })).toEqual(all.slice(6));
    expect(ids(search(), 'alpha', { offset: 7 })).toEqual([]);
  });

  it('odd paging values are read as a person would mean them', () => {
    const all = ids(search(), 'alpha', { limit: 50 });
    expect(ids(search(), 'alpha', { offset: -3, limit: 2 })).toEqual(all.slice(0, 2));
    expect(ids(search(), 'alpha', { offset: 1.9, limit: 2.9 })).toEqual(all.slice(1, 3));
    expect(ids(search(), 'alpha', { limit: Number.NaN })).toEqual(all.slice(0, 5));
    expect(ids(search(), 'alpha', { limit: Number.POSITIVE_INFINITY, offset: Number.NaN })).toEqual(
      all.slice(0, 5),
    );
    expect(ids(search(), 'alpha', { limit: -1 })).toEqual([]);
  });

  it('refusals come in the order a user can act on: too long, then unknown topic, then empty', () => {
    const s = search();
    expect(s.search('a'.repeat(501), { topic: 'astrology' })).toMatchObject({
      error: { reason: 'too-long' },
    });
    expect(s.search('  ', { topic: 'astrology' })).toMatchObject({ error: { reason: 'unknown-topic' } });
    expect(s.search('a'.repeat(500) + '   ').ok).toBe(true);
  });
});

describe('a homophone echo counts only for quotes lacking the characters typed, on a corpus with common syllables', () => {
  // ~bian_lian (边练 and 边炼 alike) is in 75 of 100 quotes: common terms only add to quotes rarer terms found,
  // a different path through the ranking than rare ones (~lian_bian, in 5).
  const search = corpus([
    quote('typed-1', '我们边练边用', 'a'),
    quote('typed-2', '他们边练边用', 'b'),
    ...Array.from({ length: 3 }, (_, i) =>
      quote(`homophone-${i}`, '大家边炼边用', 'c', { topics: ['cost'] }),
    ),
    ...Array.from({ length: 70 }, (_, i) => quote(`steel-${i}`, '一边炼钢', 'd')),
    ...Array.from({ length: 25 }, (_, i) => quote(`other-${i}`, '别的东西', 'e')),
  ]);

  it('the quotes spelled as typed rank first, with no pinyin evidence at all', () => {
    const e = explain(search(), '边练边用');
    expect(e.hits.map((h) => h.quote.id)).toEqual([
      'typed-1',
      'typed-2',
      'homophone-0',
      'homophone-1',
      'homophone-2',
    ]);
    const pinyin = e.top?.contributions.filter((c) => c.what.startsWith('~') || c.what.startsWith('pinyin'));
    expect(pinyin).toEqual([]);
  });

  it('the homophones are found through their pinyin, common syllables and rare alike', () => {
    const e = explain(search(), '边练边用', { topic: 'cost' });
    expect(e.top?.id).toBe('homophone-0');
    const what = e.top?.contributions.map((c) => c.what);
    expect(what).toEqual(expect.arrayContaining(['~bian_lian', '~lian_bian', 'pinyin: bianlianbianyong']));
    // A single syllable is too weak to stand in for a character: only pairs of syllables echo.
    expect(what?.filter((w) => /^~[a-z]+$/.test(w))).toEqual([]);
  });
});

describe('how much of the query a quote must explain to be an answer', () => {
  const search = corpus([
    quote('four', '', 'alpha beta gamma delta'),
    quote('two', '', 'alpha beta'),
    quote('one', '', 'alpha'),
    ...Array.from({ length: 12 }, (_, i) => quote(`x${i}`, '', `filler words number ${i}`)),
  ]);

  it('a quote explaining half the query answers it; one word of four does not', () => {
    const e = explain(search(), 'alpha beta gamma delta');
    expect(e.hits.map((h) => h.quote.id)).toEqual(['four', 'two']);
    expect(e.turnedDown.map((t) => t.id)).toEqual(['one']);
    expect(e.turnedDown[0]!.coverage).toBeLessThan(0.25);
  });

  it('three words of four answer; two of four, with the other two in no quote, do not', () => {
    const e = explain(search(), 'alpha beta gamma omega');
    expect(e.hits.map((h) => h.quote.id)).toEqual(['four']);
    // Three words of four: a real answer, scored as less than a full match.
    expect(e.hits[0]!.score).toBe(e.confidence);
    expect(e.hits[0]!.score).toBeLessThan(0.5);
    expect(e.turnedDown.map((t) => t.id)).toEqual(['two', 'one']);
  });

  it('half of a query whose other half no quote holds is an accident, not an answer ("cheap flights to Paris")', () => {
    const e = explain(search(), 'alpha beta omega');
    expect(e.hits).toEqual([]);
    expect(e.turnedDown.map((t) => t.id)).toEqual(['two', 'four', 'one']); // the shorter quote first
    expect(e).not.toHaveProperty('confidence');
  });

  const long = (n: number, prefix: string): string =>
    Array.from(
      { length: n },
      (_, i) =>
        `${prefix}${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}`,
    ).join(' ');
  const noise = corpus([
    quote('short', '', 'alpha beta', { keywords: { zh: [], en: ['alpha beta', 'alpha', 'beta'] } }),
    quote('long', '', `alpha ${long(300, 'w')} beta`),
    quote('medium', '', `alpha ${long(20, 'v')} beta`),
    ...Array.from({ length: 6 }, (_, i) => quote(`x${i}`, '', `gamma delta ${i}`)),
  ]);

  it('a quote scoring a small fraction of the best is noise, left out though it holds every word', () => {
    const found = explain(noise(), 'alpha beta').hits;
    expect(found.map((h) => h.quote.id)).toEqual(['short', 'medium']);
    expect(found[0]!.score).toBe(1);
    expect(found[1]!.score).toBeGreaterThan(0.12);
    expect(found[1]!.score).toBeLessThan(1);
  });
});

describe('when nothing matched well enough', () => {
  const long = (n: number): string =>
    Array.from(
      { length: n },
      (_, i) =>
        `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}${Math.floor(i / 676)}`,
    ).join(' ');
  const search = corpus([
    quote('heavy', 'alpha', 'alpha', { keywords: { zh: [], en: ['alpha', 'alpha'] } }),
    quote('lost', '', `${long(1000)} alpha beta`),
    ...Array.from({ length: 50 }, (_, i) => quote(`x${i}`, '', `gamma delta ${i}`)),
  ]);

  it('a quote full of one word of two, the other in no quote, is no answer however much it says that word', () => {
    const e = explain(search(), 'alpha zyxw');
    expect(e.hits).toEqual([]);
    expect(e.turnedDown.map((t) => t.id)).toContain('heavy');
  });

  it('a quote where the words are lost in a thousand others is not a confident answer: nothing matched', () => {
    const e = explain(search(), 'alpha beta');
    expect(e.hits).toEqual([]);
    expect(e.confidence).toBeLessThan(0.12);
  });

  const then = { question: { zh: '后来呢', en: 'And then?' } };
  const speaker = corpus([
    quote('zhou', '周明说过', 'x', then),
    quote('ask', '你怎么看?怎么看?', 'y', then),
    ...Array.from({ length: 5 }, (_, i) => quote(`x${i}`, '', `gamma delta ${i}`, then)),
  ]);

  it('naming the speaker names no topic: a quote sharing only the question words is no answer', () => {
    const e = explain(speaker(), '周明怎么看');
    expect(e.words).toEqual([]);
    expect(e.hits.map((h) => h.quote.id)).toEqual(['zhou']);
  });
});

describe('what counts as one word of the query', () => {
  const search = corpus([
    quote('wechat', '微信很好', 'x'),
    quote('apart', '微小的信任', 'y'),
    quote('interest', '', 'interest rates', { keywords: { zh: [], en: ['interest', 'interests'] } }),
    quote('light', '不做很多事情', 'a'),
    quote('content', '商业模式', 'b'),
    quote('both', '不做商业', 'c'),
  ]);

  it('characters the segmenter leaves single (微 + 信) are one word: a quote holding them apart does not explain it', () => {
    expect(ids(search(), '微信')).toEqual(['wechat']);
  });

  it('words of light characters (不做, 很多) weigh little: sharing 不做 and 商业 but not 模式 is no answer', () => {
    const e = explain(search(), '不做商业模式');
    expect(e.hits.map((h) => h.quote.id)).toEqual(['content']);
    expect(e.turnedDown.map((t) => t.id)).toContain('both');
    const mass = Object.fromEntries(e.words.map((w) => [w.word, w.mass]));
    expect(Object.keys(mass)).toEqual(['不做', '商业', '模式']);
    expect(mass['不做']! * 3).toBeLessThan(mass['商业']!); // a fifth of what the same bigram idf would weigh
  });

  it('a word with one light character (好处) is a content word, weighed in full', () => {
    const mass = Object.fromEntries(explain(search(), '好处 利润').words.map((w) => [w.word, w.mass]));
    expect(mass['好处']).toBeGreaterThan(0);
    expect(mass['好处']).toBe(mass['利润']); // neither is in a quote: both weigh as the rarest word
  });

  it('asking whether to (该不该) or naming the speaker (周明) is no word to find', () => {
    expect(explain(search(), '该不该做商业').words.map((w) => w.word)).not.toContain('不该');
    expect(explain(search(), '周明的商业模式').words.map((w) => w.word)).toEqual(['商业', '模式']);
  });

  it('a rare character (outside the BMP) before a name shifts nothing: the Google quote explains 谷歌, not 发明', () => {
    const named = corpus([quote('google', '谷歌很大', 'x'), quote('invent', '发明很多', 'y')])();
    const e = explain(named, '𠀀谷歌发明');
    expect(e.top?.id).toBe('google');
    expect(e.top?.words.find((w) => w.word === '发明')?.share).toBe(0);
  });

  it('English words are relatives only when they share most of their stem: "internet" is not "interest"', () => {
    expect(ids(search(), 'internet')).toEqual([]);
    expect(ids(search(), 'interests')).toEqual(['interest']);
  });
});

describe('pinyin queries', () => {
  const search = corpus([
    quote('poverty', '贫穷限制了想象力', 'x'),
    quote('poor-area', '贫困地区的孩子', 'y'),
    quote('men', '', 'the men who built it'),
    quote('ren', '人们都这么说', 'people say so'),
    quote('xian', '西安的公司', 'a company in the west'),
    quote('shanghai', '上海的公司', 'a company in the east'),
  ]);

  it('pinyin of a synonym the quotes do not use finds them through the concept, below the word itself', () => {
    expect(ids(search(), 'pinkun')).toEqual(['poor-area', 'poverty']);
    expect(ids(search(), 'pinqiong')).toEqual(['poverty', 'poor-area']);
  });

  it('an English word of the quotes that is also a syllable ("men") is English; run together it is pinyin', () => {
    expect(ids(search(), 'men')).toEqual(['men']);
    expect(ids(search(), 'renmen')).toEqual(['ren']);
  });

  it('a word naming a concept is a name, not syllables: "america" finds 美国, "ai" finds AI and not 爱', () => {
    const named = corpus([
      quote('usa', '美国的公司', 'a company over there'),
      quote('love', '我爱你', 'I love you'),
      quote('ai', '我们做 AI', 'We do AI'),
    ])();
    expect(ids(named, 'america')).toEqual(['usa']);
    expect(ids(named, 'why america')).toEqual(['usa']);
    expect(ids(named, 'ai')).toEqual(['ai']);
  });

  it('English words, even ones that are syllables, stay English; the same syllables run together are pinyin', () => {
    const both = corpus([
      quote('riverbank', '河岸边的树', 'trees by the river'),
      quote('long-way', '', 'a long way for the men'),
      quote('dragon-gate', '龙门客栈', 'an inn'),
      quote('peace', '和平', 'peace'),
    ])();
    expect(ids(both, 'long men')).toEqual(['long-way']); // two English words of the quotes
    expect(ids(both, 'longmen')).toEqual(['dragon-gate']);
    expect(ids(both, 'he')).toEqual([]); // alone, a function word is English
    expect(ids(both, 'he an')).toEqual(['riverbank']); // together, function words that are syllables are pinyin
  });

  it('pinyin mixed with an English word is still pinyin ("renmen people")', () => {
    expect(ids(search(), 'renmen people')).toEqual(['ren']);
    expect(ids(search(), 'people renmen')).toEqual(['ren']);
  });

  it('syllables typed apart are one word: "xi an" finds 西安, "shang hai" 上海', () => {
    expect(ids(search(), 'xi an')).toEqual(['xian']);
    expect(ids(search(), 'shang hai')[0]).toBe('shanghai');
  });
});

describe('scores', () => {
  const search = corpus([
    quote('machine', '机器', 'x'),
    quote('ability', '他的本事很大', 'y'),
    quote('other', '别的东西', 'z'),
  ]);

  it('a quote that says exactly what was asked, and no more, scores 1', () => {
    expect(explain(search(), '机器').hits.map((h) => [h.quote.id, h.score])).toEqual([['machine', 1]]);
  });

  it('quotes that score alike are listed in corpus order, whatever the order of the query words', () => {
    const tied = corpus([
      quote('first', '', 'alpha'),
      quote('second', '', 'beta'),
      quote('third', '', 'gamma'),
    ])();
    expect(ids(tied, 'beta alpha')).toEqual(['first', 'second']);
  });

  it('a quote that says it among other things scores less', () => {
    const [hit] = explain(search(), '本事').hits;
    expect(hit?.quote.id).toBe('ability');
    expect(hit?.score).toBeGreaterThan(0.5);
    expect(hit?.score).toBeLessThan(1);
  });
});

describe('more evidence that must not decide too much, or too little', () => {
  const search = corpus([
    quote('belief', '', 'belief in data and many other things'),
    quote('data', '', 'data first'),
    quote('msft', '微软很大', 'Microsoft is big'),
    quote('msra', '微软亚洲研究院', 'MSRA'),
    quote('ren1', '人们都这么说', 'people say so'),
    quote('ren2', '人们都这么说', 'the men say so'),
    quote('poverty', '贫穷限制了想象力', 'x'),
  ]);

  it('a weak word ("believe") and its relatives ("belief") weigh little: the quote about data wins', () => {
    expect(ids(search(), 'believe data')).toEqual(['data', 'belief']);
  });

  it('a broader concept does not explain a narrower one: a Microsoft quote is no answer to MSRA, typed either way', () => {
    expect(ids(search(), '微软亚洲研究院')).toEqual(['msra']);
    expect(ids(search(), 'weiruanyazhouyanjiuyuan')).toEqual(['msra']);
  });

  it('a pinyin word that is also an English word of the quotes adds a little: "ren men" prefers the quote saying "men"', () => {
    expect(ids(search(), 'ren men')).toEqual(['ren2', 'ren1']);
  });

  it('a single syllable finds the quote with that character', () => {
    expect(ids(search(), 'qiong')).toEqual(['poverty']);
  });
});

describe('English words that are names, weak words, compounds, and initials of every length', () => {
  const search = corpus([
    quote('llm-zh', '大模型很贵', 'x'),
    quote('model', '', 'the model'),
    quote('weak', '', 'just just want want data and more text'),
    quote('data', '', 'data'),
    quote('tob', '我们做 2B 的生意', 'y'),
    quote('job', '', 'a job for life'),
    quote('ssl', '', 'self supervised learning'),
    quote('app', '', 'a new app'),
    quote('long', '一二三四五六七八九十百千万', 'z'),
    quote('dfscx', '颠覆式创新', 'w'),
    ...Array.from({ length: 90 }, (_, i) => quote(`x${i}`, '别的话题', `filler text ${i}`)),
  ]);

  it('"large model" names the concept: the quote saying 大模型 answers, the one saying only "model" does not', () => {
    const e = explain(search(), 'large model');
    expect(e.hits.map((h) => h.quote.id)).toEqual(['llm-zh']);
    expect(e.turnedDown.map((t) => t.id)).toEqual(['model']);
  });

  it('the words of a name count mostly through it: "large model" prefers 大模型 to "model" and "large" apart', () => {
    const named = corpus([
      quote('apart', '', 'the model is large'),
      quote('concept', '大模型', 'x'),
      ...Array.from({ length: 20 }, (_, i) => quote(`x${i}`, '别的话题', `filler text ${i}`)),
    ])();
    expect(ids(named, 'large model')).toEqual(['concept', 'apart']);
  });

  it('weak English words in common ("just", "want") never outweigh the content word', () => {
    expect(ids(search(), 'just want data')).toEqual(['data', 'weak']);
  });

  it('naming the speaker in English is no word to find either', () => {
    const e = explain(search(), 'what does Zhou Ming think of data');
    expect(e.words.map((w) => w.word)).toEqual(['data']);
    expect(e.hits[0]?.quote.id).toBe('data');
  });

  it('a word the thesaurus knows ("toB") is not respelt into another ("job")', () => {
    expect(ids(search(), 'toB')).toEqual(['tob']);
  });

  it('two words written together are found as the two words', () => {
    expect(ids(search(), 'selfsupervised')).toEqual(['ssl']);
    expect(ids(search(), 'newapp')).toEqual(['app']); // a second word of three letters
  });

  it('initials: four letters find with little confidence, five to twelve in full, thirteen are not initials', () => {
    const four = explain(search(), 'dfsc').hits;
    expect(four.map((h) => h.quote.id)).toEqual(['dfscx']);
    expect(four[0]!.score).toBeLessThan(0.8);
    expect(explain(search(), 'dfscx').hits.map((h) => [h.quote.id, h.score])).toEqual([['dfscx', 1]]);
    expect(ids(search(), 'yesswlqbjsbq')).toEqual(['long']); // 一二三四五六七八九十百千
    expect(ids(search(), 'yesswlqbjsbqw')).toEqual([]);
  });
});
