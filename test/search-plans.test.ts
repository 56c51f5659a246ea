import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Quote } from '../src/quotes/schema.js';
import { buildIndex } from '../src/search/build.js';
import { createQuoteSearch } from '../src/search/index.js';
import { normalizeText } from '../src/search/normalize.js';
import { planQuery } from '../src/search/query.js';
import { createTypoCorrector } from '../src/search/typo.js';
import { perFile } from './per-file.js';

// The query plan (index terms and their weights, phrases, content words) and the ranking it gives, recorded for
// one query per path through the planner: Chinese with fillers, a concept, pinyin, initials, a misspelling, a
// compound, English relatives, a question. Mutation testing showed that the behaviour tests pass with most of
// the planner's weights and conditions broken (the right quote still wins on a small corpus), so any change to
// them shows here as a diff. Update on purpose, after checking the search tests still pass:
// npx vitest run test/search-plans.test.ts -u
//
// The corpus is a frozen copy of 15 shipped quotes (test/fixtures/search-quotes.json), so editing quotes/ does
// not move these numbers.

const QUOTES = JSON.parse(
  readFileSync(new URL('./fixtures/search-quotes.json', import.meta.url), 'utf8'),
) as Quote[];
// Once per file, or per test under a mutation run (see test/per-file.ts).
const built = perFile(() => {
  const index = buildIndex(QUOTES);
  return { index, correct: createTypoCorrector(index.vocabulary), search: createQuoteSearch(QUOTES) };
});

const round = (n: number): number => Math.round(n * 1e4) / 1e4;

function plan(query: string): unknown {
  const { index, correct } = built();
  const p = planQuery(query, normalizeText(query), index, correct);
  return {
    terms: [...p.terms].map(([t, w]) => `${t} ${round(w)}${p.weak.has(t) ? ' weak' : ''}`),
    echoes: [...p.echoes],
    phrases: p.phrases.map((ph) => ({ ...ph, bonus: round(ph.bonus) })),
    ideal: round(p.ideal),
    core: p.core.map(([t, m]) => `${t} ${round(m)}`),
    asks: p.asks,
    groups: p.groups.map((g) => ({
      label: g.label,
      mass: round(g.mass),
      alternatives: g.alternatives.map(
        (a) => `${a.terms.join(',')} ×${round(a.credit)}${a.spelling ? ' spelling' : ''}`,
      ),
    })),
  };
}

function ranking(query: string): unknown {
  const result = built().search.explain(query, { limit: 3 });
  if (!result.ok) return result.error;
  const e = result.value;
  return {
    hits: e.hits.map((h) => `${h.quote.id} ${round(h.score)}`),
    confidence: e.confidence === undefined ? undefined : round(e.confidence),
    top: e.top && {
      id: e.top.id,
      coverage: round(e.top.coverage),
      words: e.top.words.map((w) => `${w.word} ${round(w.share)}`),
      contributions: e.top.contributions.map(
        (c) => `${c.kind} ${c.what} ${round(c.points)} ${c.fields.join(',')}`,
      ),
    },
    turnedDown: e.turnedDown.map((t) => `${t.id} ${round(t.coverage)}`),
  };
}

const QUERIES = [
  '贫穷限制了想象力', // a Chinese phrase of three characters or more
  '为什么一个人最重要的是不是', // fillers only
  '不做', // light characters
  '谷歌发明', // a concept, and a bigram straddling two words
  '微软亚洲研究院', // a concept implying a broader one
  '边练边用', // a homophone: pinyin echoes stand in for the grams
  'pinqiong', // pinyin
  'pinkun', // pinyin of a synonym (贫困 for 贫穷)
  'pin qiong xiang xiang li', // pinyin over several words
  'dfscx', // initials of 颠覆式创新
  'disruptve innovaton', // misspellings
  'supervisedlearning', // two corpus words written together
  'Why did OpenAI succeed?', // a question, English relatives (succeed, success)
  'what does Zhou Ming think of the public cloud', // the speaker and an intent are no content words
  'Transformer 是颠覆式创新吗', // a question in Chinese, a Latin word next to Chinese
  'ChatGPT 2B', // Latin words and a number
  'cheap flights to Paris', // one word in common is no match
  'the of and', // stop words only
  '的', // a filler only
];

describe('query plans and rankings, as recorded', () => {
  it.each(QUERIES)('%s', (query) => {
    expect({ plan: plan(query), ranking: ranking(query) }).toMatchSnapshot();
  });

  it('filters by topic and pages with offset', () => {
    const ids = (options: { topic?: string; offset?: number; limit?: number }): string[] => {
      const r = built().search.search('innovation', options);
      return r.ok ? r.value.map((h) => h.quote.id) : [];
    };
    const all = ids({ limit: 10 });
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(ids({ offset: 1, limit: 2 })).toEqual(all.slice(1, 3));
    const research = ids({ topic: 'research', limit: 10 });
    expect(research.length).toBeGreaterThan(0);
    expect(research.length).toBeLessThan(all.length);
    for (const id of research) expect(QUOTES.find((q) => q.id === id)?.topics).toContain('research');
  });
});
