import { describe, expect, it } from 'vitest';
import type { Quote, Topic } from '../src/quotes/schema.js';
import { fieldsHolding } from '../src/search/build.js';
import { foldWord } from '../src/search/concepts.js';
import { hanWords, isChineseFiller } from '../src/search/fillers.js';
import { createQuoteSearch } from '../src/search/index.js';
import { isHanCodePoint, normalizeText, splitRuns } from '../src/search/normalize.js';
import { hanToSyllables, parsePinyinWord, readingTable, syllableRuns } from '../src/search/pinyin.js';
import { stem } from '../src/search/stem.js';
import { crossPair, hanGrams, pinyinTerms, wordPair, wordTerm } from '../src/search/tokens.js';
import { createTypoCorrector } from '../src/search/typo.js';
import { freshModule, perFile } from './per-file.js';

// Modules that build a table on first use and keep it (see test/per-file.ts): imported afresh under a mutation run.
const concepts = freshModule(() => import('../src/search/concepts.js'));
const fillers = freshModule(() => import('../src/search/fillers.js'));
const normalize = freshModule(() => import('../src/search/normalize.js'));
const pinyin = freshModule(() => import('../src/search/pinyin.js'));

// The search's building blocks, each against its own contract. Mutation testing (npm run mutate -- src/search)
// left these alive: the ranking tests pass with a broken stemmer rule or filler check, because other matches
// carry the right quote to the top anyway.

describe('stem: Porter (1980), the examples of the paper, step by step', () => {
  const pairs = `caresses caress|ponies poni|ties ti|caress caress|cats cat|feed feed|agreed agre|
    plastered plaster|bled bled|motoring motor|sing sing|conflated conflat|troubled troubl|sized size|
    hopping hop|tanned tan|falling fall|hissing hiss|fizzed fizz|failing fail|filing file|happy happi|sky sky|
    relational relat|conditional condit|rational ration|valenci valenc|hesitanci hesit|digitizer digit|
    conformabli conform|radicalli radic|differentli differ|vileli vile|analogousli analog|
    vietnamization vietnam|predication predic|operator oper|feudalism feudal|decisiveness decis|
    hopefulness hope|callousness callous|formaliti formal|sensitiviti sensit|sensibiliti sensibl|
    triplicate triplic|formative form|formalize formal|electriciti electr|electrical electr|hopeful hope|
    goodness good|revival reviv|allowance allow|inference infer|airliner airlin|gyroscopic gyroscop|
    adjustable adjust|defensible defens|irritant irrit|replacement replac|adjustment adjust|
    dependent depend|adoption adopt|homologou homolog|communism commun|activate activ|angulariti angular|
    homologous homolog|effective effect|bowdlerize bowdler|probate probat|rate rate|cease ceas|
    controll control|roll roll|generalizations gener|oscillators oscil`
    .split('|')
    .map((p) => p.trim().split(' ') as [string, string]);

  it.each(pairs)('%s → %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it('leaves words of one or two letters, and anything but lower-case letters, alone', () => {
    expect(stem('is')).toBe('is');
    expect(stem('gpt4s')).toBe('gpt4s');
    expect(stem('Running')).toBe('Running');
  });
});

describe('tokens', () => {
  it('Chinese runs give every character and every adjacent pair', () => {
    expect(hanGrams('公司要')).toEqual(['公', '司', '要', '公司', '司要']);
    expect(hanGrams('公')).toEqual(['公']);
  });

  it('English words give their stem, stop words nothing; pairs and cross-script pairs join in order', () => {
    expect(wordTerm('the')).toBeUndefined();
    expect(wordTerm('innovations')).toBe('innov');
    expect(wordTerm('innovations')).toBe('innov'); // cached
    expect(wordPair('same', 'time')).toBe('same time');
    expect(crossPair('1750', '亿')).toBe('1750+亿');
  });

  it('pinyin gives each syllable and each adjacent pair, marked as pinyin', () => {
    expect(pinyinTerms(['ni', 'hao', 'ma'])).toEqual(['~ni', '~hao', '~ma', '~ni_hao', '~hao_ma']);
    expect(pinyinTerms([])).toEqual([]);
  });
});

describe('normalizeText and splitRuns', () => {
  it.each([
    ['printable ASCII is only lower-cased and split at non-words', 'Hello, World!', 'hello world'],
    ['full-width digits and letters', 'ＡＢＣ１２３', 'abc123'],
    ['line and paragraph separators break words', 'a\nb\u2028c', 'a b c'],
    ['accents go, whatever the case', 'ÅNGSTRÖM naïve Café', 'angstrom naive cafe'],
    ['a combining accent goes too', 'e\u0301', 'e'],
    ['ü alone is v', 'ü', 'v'],
    ['only spaces is empty', '   ', ''],
  ])('%s: %j → %j', (_, input, output) => {
    expect(normalizeText(input)).toBe(output);
  });

  it('turns traditional characters into simplified ones, in a sentence', async () => {
    const { normalizeText: fresh } = await normalize();
    expect(fresh('機器學習')).toBe('机器学习');
    expect(fresh('邊煉邊用 GPT')).toBe('边炼边用 gpt');
  });

  it('knows the Han blocks to their edges', () => {
    const han = [
      0x4e00, 0x9fff, 0x3400, 0x4dbf, 0x20000, 0x3ffff, 0xf900, 0xfaff, 0x2e80, 0x2fdf, 0x3005, 0x3007,
      0x3021, 0x3029, 0x3038, 0x303b,
    ];
    const not = [
      0x4dff, 0xa000, 0x33ff, 0x4dc0, 0x1ffff, 0x40000, 0xf8ff, 0xfb00, 0x2e7f, 0x2fe0, 0x3004, 0x3006,
      0x3008, 0x3020, 0x302a, 0x3037, 0x303c, 0x41,
    ];
    expect(han.filter((cp) => !isHanCodePoint(cp)).map((cp) => cp.toString(16))).toEqual([]);
    expect(not.filter((cp) => isHanCodePoint(cp)).map((cp) => cp.toString(16))).toEqual([]);
  });

  it('keeps a character outside the BMP inside its Chinese run, and splits words at spaces', () => {
    expect(splitRuns(' 模型𠀀x 2b c ')).toEqual([
      { kind: 'han', text: '模型𠀀' },
      { kind: 'word', text: 'x' },
      { kind: 'word', text: '2b' },
      { kind: 'word', text: 'c' },
    ]);
    expect(splitRuns('')).toEqual([]);
  });
});

describe('pinyin', () => {
  it.each([
    ['zhongguo', ['zhong', 'guo']],
    ['fangan', ['fan', 'gan']], // fewest syllables, then the earliest split an IME would offer
    ['lvse', ['lv', 'se']],
    ['nue', ['nve']],
    ['ni3hao', ['ni', 'hao']],
    ['xian', ['xian']], // one syllable rather than xi + an, as an IME would read it
    ['tianan', ['tian', 'an']], // two syllables, not ti + a + nan
    ['chuangxin', ['chuang', 'xin']], // syllables of six letters
    ['a'.repeat(64), Array.from({ length: 64 }, () => 'a')], // the longest word read
  ])('%j reads as %j', (word, syllables) => {
    expect(parsePinyinWord(word)).toEqual(syllables);
  });

  it.each(['n', 'ng', 'Zhong', 'a'.repeat(65), 'bcd', '', '3'])('%j is not pinyin', (word) => {
    expect(parsePinyinWord(word)).toBeUndefined();
  });

  it('reads only Chinese characters', () => {
    expect(hanToSyllables('中国abc女')).toEqual(['zhong', 'guo', 'nv']);
  });

  it('reads each run in its own context, once: the cache keeps every run read', () => {
    const cache = new Map<string, string[]>();
    expect(syllableRuns('银行 很长 the 长大了 银行', cache)).toEqual([
      ['yin', 'hang'],
      ['hen', 'chang'],
      ['zhang', 'da', 'le'],
      ['yin', 'hang'],
    ]);
    expect([...cache.keys()]).toEqual(['银行', '很长', '长大了']);
    cache.set('银行', ['cached']);
    expect(syllableRuns('银行', cache)).toEqual([['cached']]);
    expect(syllableRuns('no chinese here', cache)).toEqual([]);
  });

  it('takes the reading the corpus uses most, and skips runs whose readings do not line up', () => {
    const table = readingTable(
      new Map([
        ['很长', ['hen', 'chang']],
        ['长度', ['chang', 'du']],
        ['长大', ['zhang', 'da']], // the rarer reading last: the most common wins, not the last seen
        ['了不', ['liao']], // misaligned: one reading for two characters
      ]),
    );
    expect([...table]).toEqual([
      ['很', 'hen'],
      ['长', 'chang'],
      ['度', 'du'],
      ['大', 'da'],
    ]);
  });

  it('reads a query with the corpus readings first, pinyin-pro for the rest', async () => {
    const { readQueryRun } = await pinyin(); // afresh: characters read by pinyin-pro are kept for the process
    expect(readQueryRun('银行', new Map([['行', 'hang']]))).toEqual(['yin', 'hang']);
    expect(readQueryRun('行', new Map())).toEqual(['xing']); // alone, pinyin-pro reads the common reading
    expect(readQueryRun('行', new Map())).toEqual(['xing']); // and again, from what it kept
    expect(readQueryRun('a', new Map())).toEqual([]); // no reading: nothing, not an empty syllable
  });
});

describe('fillers', () => {
  it.each([
    ['的', true],
    ['什么为什么', true],
    ['怎么样怎么样', true], // two fillers of three characters
    ['我可不可以', true], // a four-character filler at the end
    ['的的的的的', true],
    ['本', false],
    ['我本', false], // 本 is no filler character
    ['样怎', false], // both characters occur in fillers (一样, 怎么), but no split into fillers exists
    ['样的', false], // ends in a filler (的), but what comes before it (样) is none
  ])('%j is a filler: %s', (word, filler) => {
    expect(isChineseFiller(word)).toBe(filler);
  });

  it("cuts a run into the dictionary's words, not characters", async () => {
    const { hanWords } = await fillers(); // afresh: the segmenter is made once per process
    expect(hanWords('一个人最重要的本事').slice(0, 2)).toEqual([
      { start: 0, end: 2, filler: true },
      { start: 2, end: 3, filler: false },
    ]);
  });

  it('cuts runs with characters outside the BMP by code points', () => {
    const words = hanWords('𠀀𠀁本事');
    expect(words.at(-1)?.end).toBe(4);
    expect(words[0]).toMatchObject({ start: 0, filler: false });
  });
});

describe('concepts', () => {
  it('finds a concept from the run-together pinyin of a Chinese form of two characters or more', async () => {
    const { conceptsByPinyin } = await concepts(); // afresh: the table is built once per process
    expect(conceptsByPinyin(['pin', 'kun'])).toEqual(['@poverty']);
    expect(conceptsByPinyin(['wei', 'ruan', 'ya', 'zhou', 'yan', 'jiu', 'yuan'])).toEqual([
      '@msra',
      '@microsoft',
    ]);
    expect(conceptsByPinyin(['wei', 'ruan'])).toEqual(['@microsoft']);
    expect(conceptsByPinyin(['ai'])).toEqual([]); // 阿 or 爱 or AI: one syllable names too much
    expect(conceptsByPinyin([])).toEqual([]);
  });

  it('folds a plural s, but not ss or short words', () => {
    expect(foldWord('models')).toBe('model');
    expect(foldWord('business')).toBe('business');
    expect(foldWord('gps')).toBe('gps');
  });

  it('matches each concept at its longest form, left to right, and moves on after a match', async () => {
    const { findConcepts, formUnits } = await concepts(); // afresh: the trie is built once per process
    const found = findConcepts(formUnits('微软亚洲研究院和谷歌 google models'));
    expect(found).toEqual([
      { start: 0, end: 7, terms: ['@msra', '@microsoft'] },
      { start: 8, end: 10, terms: ['@google'] },
      { start: 10, end: 11, terms: ['@google'] },
    ]);
    expect(findConcepts(formUnits('for example google'))).toEqual([{ start: 2, end: 3, terms: ['@google'] }]);
    expect(findConcepts([])).toEqual([]);
  });
});

describe('fieldsHolding', () => {
  const quote: Quote = {
    id: 'q',
    sourceId: 'fixture',
    section: '01',
    text: '公司要活下来',
    en: 'The company has to survive.',
    question: { zh: '怎么办?', en: 'What now?' },
    topics: ['startup'],
    keywords: { zh: ['生存'], en: ['survival'] },
    insight: false,
  };

  it('names the fields whose terms hold the term, and pinyin for pinyin terms', () => {
    expect(fieldsHolding(quote, '~gong')).toEqual(['pinyin']);
    expect(fieldsHolding(quote, 'compani')).toEqual(['en']);
    expect(fieldsHolding(quote, '公司')).toEqual(['text']);
    expect(fieldsHolding(quote, '生存')).toEqual(['keywords']);
    expect(fieldsHolding(quote, 'absent')).toEqual([]);
  });
});

describe('the typo corrector', () => {
  it('keeps at most two candidates, nearest first', () => {
    const correct = createTypoCorrector(['model', 'modes', 'models', 'yodel', 'motel']);
    const found = correct('modeel');
    expect(found.length).toBeLessThanOrEqual(2);
    expect(found[0]).toEqual({ word: 'model', similarity: 1 - 1 / 6 });
  });
});

describe('explain: why the top hit won, or why nothing did', () => {
  const quote = (id: string, text: string, en: string, topics: Topic[] = ['strategy']): Quote => ({
    id,
    sourceId: 'fixture',
    section: '01',
    text,
    en,
    question: { zh: '你怎么看?', en: 'What do you think?' },
    topics,
    keywords: { zh: [], en: [] },
    insight: false,
  });
  // Once per file, or per test under a mutation run (see test/per-file.ts).
  const built = perFile(() =>
    createQuoteSearch([
      quote('survive', '公司要活下来', 'The company has to survive.'),
      quote('poverty', '贫穷限制了想象力。', 'Poverty limited our imagination.', ['research']),
      quote('culture', '公司的文化', 'Company culture.'),
      quote('money', '公司的钱', 'Company money.'),
      quote('people', '公司的人', 'Company people.'),
    ]),
  );
  const explain = (query: string, limit?: number) => {
    const result = built().explain(query, limit === undefined ? {} : { limit });
    if (!result.ok) throw new Error(result.error.reason);
    return result.value;
  };

  it('gives the content words, the top hit, its coverage per word, and its points, largest first', () => {
    const e = explain('贫穷 想象力');
    expect(e.hits.map((h) => h.quote.id)).toEqual(['poverty']);
    expect(e.asksSomething).toBe(false);
    expect(e.words.map((w) => w.word)).toEqual(['贫穷', '想象力']);
    expect(e.words.every((w) => w.mass > 0)).toBe(true);
    expect(e.weak).toContain('贫');
    expect(e.confidence).toBe(e.hits[0]!.score);
    expect(e.top).toMatchObject({
      id: 'poverty',
      coverage: 1,
      words: [
        { word: '贫穷', share: 1 },
        { word: '想象力', share: 1 },
      ],
    });
    const points = e.top!.contributions.map((c) => c.points);
    expect(points).toEqual([...points].sort((a, b) => b - a));
    expect(e.top!.contributions).toContainEqual(
      expect.objectContaining({ kind: 'term', what: '@poverty', fields: ['text', 'en'] }),
    );
    expect(e.top!.contributions).toContainEqual(
      expect.objectContaining({ kind: 'phrase', what: 'text: 想象力', fields: [] }),
    );
  });

  it('says when the query asks something', () => {
    expect(explain('你怎么看公司').asksSomething).toBe(true);
  });

  it('lists at most three quotes turned down for explaining too little, and no top or confidence', () => {
    const e = explain('company weather rain');
    expect(e.hits).toEqual([]);
    expect(e.words.map((w) => w.word)).toEqual(['company', 'weather', 'rain']);
    expect(e.turnedDown).toHaveLength(3);
    expect(e.turnedDown.every((t) => t.coverage > 0 && t.coverage < 0.5)).toBe(true);
    expect(e).not.toHaveProperty('top');
    expect(e).not.toHaveProperty('confidence');
  });

  it('plans nothing for a limit of 0, and refuses what search refuses', () => {
    expect(explain('贫穷', 0)).toEqual({
      hits: [],
      asksSomething: false,
      words: [],
      weak: [],
      turnedDown: [],
    });
    expect(built().explain('  ')).toEqual({ ok: false, error: { reason: 'empty' } });
    expect(built().search(undefined as unknown as string)).toEqual({ ok: false, error: { reason: 'empty' } });
  });
});

describe('ranking on corpora large enough for the fast paths', () => {
  const quote = (i: number, en: string): Quote => ({
    id: `q${i}`,
    sourceId: 'fixture',
    section: '01',
    text: '',
    en,
    question: { zh: '', en: '' },
    topics: ['strategy'],
    keywords: { zh: [], en: [] },
    insight: false,
  });
  const hits = (search: ReturnType<typeof createQuoteSearch>, query: string, limit: number, offset = 0) => {
    const result = search.search(query, { limit, offset });
    if (!result.ok) throw new Error(result.error.reason);
    return result.value;
  };
  const ids = (found: { quote: Quote }[]): string[] => found.map((h) => h.quote.id);

  it('picks the best of over a thousand candidates (a partial sort), ties in corpus order, at any offset', () => {
    // Every quote says "alpha" and 1 to 5 other words: the shortest quotes (q0, q5, q10...) score best.
    const filler = [
      'lorem',
      'ipsum',
      'dolor',
      'sit',
      'amet',
      'consectetur',
      'adipiscing',
      'elit',
      'sed',
      'tempor',
    ];
    const words = (i: number): string[] =>
      Array.from({ length: 1 + ((i * 7) % 5) }, (_, k) => filler[(i + k) % 10]!);
    const search = createQuoteSearch(
      Array.from({ length: 1100 }, (_, i) => quote(i, ['alpha', ...words(i)].join(' '))),
    );
    expect(ids(hits(search, 'alpha', 5))).toEqual(['q0', 'q5', 'q10', 'q15', 'q20']);
    // 220 quotes have two words; after them come the three-word quotes (i % 5 === 3).
    expect(ids(hits(search, 'alpha', 4, 218))).toEqual(['q1090', 'q1095', 'q3', 'q8']);
  });

  it('adds a common word (in most quotes) only to the quotes the rarer words found, by either lookup', () => {
    // "alpha" is in 85 of 100 quotes; "beta" in 10 (found few: binary search), "epsilon" in 50 (a merge walk).
    const en = (i: number): string =>
      i < 5
        ? 'alpha beta'
        : i < 10
          ? 'beta omega'
          : i < 20
            ? 'alpha zeta'
            : i < 60
              ? 'alpha epsilon'
              : i < 70
                ? 'epsilon omega'
                : 'alpha zeta';
    const search = createQuoteSearch(Array.from({ length: 100 }, (_, i) => quote(i, en(i))));
    const beta = hits(search, 'beta alpha', 20);
    expect(ids(beta)).toEqual(['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9']);
    expect(beta[0]!.score).toBeGreaterThan(beta[5]!.score);
    const epsilon = hits(search, 'epsilon alpha', 60);
    expect(ids(epsilon)).toEqual(Array.from({ length: 50 }, (_, i) => `q${20 + i}`));
    expect(epsilon[0]!.score).toBeGreaterThan(epsilon[40]!.score);
    // Alone, the common word finds every quote holding it.
    expect(hits(search, 'alpha', 50)).toHaveLength(50);
  });
});
