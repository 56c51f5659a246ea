import { beforeEach, describe, expect, it } from 'vitest';
import type { Quote, Topic } from '../src/quotes/schema.js';
import { CONCEPTS } from '../src/search/concept-table.js';
import { findConcepts, formUnits, matchUnits } from '../src/search/concepts.js';
import { hanWords, isChineseFiller, isWeakWord } from '../src/search/fillers.js';
import { createQuoteSearch } from '../src/search/index.js';
import { normalizeText, splitRuns } from '../src/search/normalize.js';
import { perFile } from './per-file.js';

const quote = (
  id: string,
  text: string,
  en: string,
  topics: Topic[] = ['strategy'],
  keywords: { zh: string[]; en: string[] } = { zh: [], en: [] },
): Quote => ({
  id,
  sourceId: 'fixture',
  section: '01',
  text,
  en,
  question: { zh: '你怎么看?', en: 'What do you think?' },
  topics,
  keywords,
  insight: false,
});

/** Each quote names its subject in one language or spelling only, so only the thesaurus can bridge to the other. */
const QUOTES: readonly Quote[] = [
  quote('google', 'Transformer 是 Google 搞的,但现在摘果子的是 GPT。', 'The Transformer came from Google.', [
    'transformer',
  ]),
  quote('agi', 'AGI 是一个递进过程,后来变成 N 个任务。', 'AGI is a step-by-step progression.', ['research']),
  quote('general-engine', '要把各种功能放在一个通用引擎上。', 'Put every function on one general engine.'),
  quote('monetize', '国内 2C 很难直接找用户收到钱。', 'In China it is hard for 2C to get paid by users.', [
    '2b-vs-2c',
  ]),
  quote('cheap', '对很多场景来说,客户需要便宜和够用。', 'In many scenarios customers need it cheap.', [
    'cost',
  ]),
  quote(
    'filler-rich',
    '为什么说一个人最重要的是不是这个?',
    'Why is this the most important thing for a person, or is it?',
  ),
  quote('timing', '利用好天时地利,才是核心竞争力。', 'Use the right time and place well.', ['strategy'], {
    zh: ['时机'],
    en: ['timing'],
  }),
  quote('cloud', '央企国企一般不会用公有云。', 'State-owned enterprises generally avoid the public cloud.', [
    'deployment',
  ]),
  quote('want', 'We just want something that works, said the team.', 'We just want something that works.'),
  quote('afford', '客户也觉得你做不了。', 'Customers find it affordable enough.', ['cost']),
];

// Once per file, or per test under a mutation run (see test/per-file.ts).
const built = perFile(() => createQuoteSearch(QUOTES));
let search: ReturnType<typeof createQuoteSearch>;
beforeEach(() => {
  search = built();
});
const ids = (query: string): string[] => {
  const result = search.search(query);
  if (!result.ok) throw new Error(`refused ${JSON.stringify(query)}: ${result.error.reason}`);
  return result.value.map((hit) => hit.quote.id);
};

describe('the thesaurus bridges languages and spellings, both ways', () => {
  it("'谷歌' finds the quote that only says Google", () => {
    expect(ids('谷歌')[0]).toBe('google');
  });

  it("'通用人工智能' finds the AGI quote ahead of a quote that merely shares 通用", () => {
    expect(ids('通用人工智能')[0]).toBe('agi');
  });

  it("'artificial general intelligence' finds the AGI quote from English", () => {
    expect(ids('artificial general intelligence')[0]).toBe('agi');
  });

  it("'一步步' (step by step) finds the quote that says 递进", () => {
    expect(ids('一步步实现')[0]).toBe('agi');
  });

  it("'赚钱' finds the quote that says 收到钱, and 'monetization' finds it from English", () => {
    expect(ids('赚钱')[0]).toBe('monetize');
    expect(ids('monetization')[0]).toBe('monetize');
  });

  it("'SOE' finds the quote that says 央企国企 and state-owned", () => {
    expect(ids('SOE')[0]).toBe('cloud');
  });

  it("'affordable' reaches a Chinese quote saying 便宜 through the concept of cheapness", () => {
    expect(ids('affordable')).toContain('cheap');
  });
});

describe('the longest form wins', () => {
  it("'占了便宜' (reaped the benefit) is not '便宜' (cheap): it finds the 摘果子 quote", () => {
    expect(ids('谁占了便宜')[0]).toBe('google');
  });

  it('a longer form names its own concept, and what it implies', () => {
    const terms = (text: string): string[] =>
      findConcepts(matchUnits(splitRuns(normalizeText(text)))).flatMap((m) => [...m.terms]);
    expect(terms('占了便宜')).toEqual(['@reap']);
    expect(terms('便宜')).toEqual(['@cheap']);
    expect(terms('微软亚洲研究院')).toEqual(['@msra', '@microsoft']);
    expect(terms('for example')).toEqual([]); // a blocking phrase: "example" here is not few-shot prompting
    expect(terms('Large Models')).toEqual(['@llm']); // plural folded
  });
});

describe('fillers and weak words never decide a ranking', () => {
  it('a quote sharing only filler words (为什么, 一个, 最重要, 是不是) loses to one sharing the content word', () => {
    expect(ids('为什么一个人最重要的是不是时机')[0]).toBe('timing');
  });

  it('English weak words (just, want, something) lose to the one content word', () => {
    expect(ids('customers just want something affordable')[0]).toBe('afford');
  });

  it('a quote sharing only stray characters with a query is no match: 天 and 利 are not 天利', () => {
    expect(ids('天利')).toEqual([]);
    expect(ids('今天天气怎么样')).toEqual([]);
  });

  it('a query made only of fillers still finds what it names', () => {
    expect(ids('是不是')).toContain('filler-rich');
  });

  it('recognises fillers, including words made only of fillers, but not content words holding one', () => {
    expect(isChineseFiller('为什么')).toBe(true);
    expect(isChineseFiller('我想')).toBe(true); // 我 + 想
    expect(isChineseFiller('智能')).toBe(false); // holds 能, but is a word of its own
    expect(isWeakWord('something')).toBe(true);
    expect(isWeakWord('affordable')).toBe(false);
  });

  it('cuts a Chinese run into words and marks the fillers', () => {
    const words = hanWords('为什么是美国');
    expect(words.map((w) => w.filler)).toContain(true);
    expect(words.at(-1)).toMatchObject({ end: 6, filler: false });
  });
});

describe('the thesaurus table', () => {
  it('writes every form in the normal form, so quotes and queries meet it', () => {
    const off = CONCEPTS.flatMap((c) => c.forms).filter(
      (form) => formUnits(form).join('|') !== matchUnits(splitRuns(normalizeText(form))).join('|'),
    );
    expect(off).toEqual([]);
  });

  it('gives each form one meaning', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const concept of CONCEPTS) {
      for (const form of concept.forms) {
        const key = formUnits(form).join('|');
        const other = seen.get(key);
        if (other !== undefined) clashes.push(`${form}: ${other} and ${concept.id}`);
        seen.set(key, concept.id);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('names only concepts that exist', () => {
    const known = new Set(CONCEPTS.map((c) => c.id));
    const missing = CONCEPTS.flatMap((c) => (c.also ?? []).filter((id) => !known.has(id)));
    expect(missing).toEqual([]);
  });
});
