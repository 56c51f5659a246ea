// The shipped corpus as an edited anthology: every quote a channel receives alone stands alone, the decks have
// the agreed shape, translations keep one standard, and every id ever shipped still resolves.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { canonicalId, type Corpus, type LoadedSource } from '../src/quotes/corpus.js';
import { loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';
import type { Quote } from '../src/quotes/schema.js';
import { inADeck, MAX_DECK_HAN, standaloneProblems } from '../src/quotes/standalone.js';
import { perFile } from './per-file.js';

// Once per file, or per test under a mutation run (see test/per-file.ts).
const shipped = perFile(() => loadCorpus([shippedQuotesDir()]));
let corpus: Corpus;
let source: LoadedSource | undefined;
let daily: Quote[];
let prompts: Quote[];
beforeEach(() => {
  corpus = shipped();
  source = corpus.sources.get('latepost-zhou-ming-2023-04');
  daily = corpus.quotes.filter((q) => q.insight);
  prompts = corpus.quotes.filter((q) => q.prompt);
});
const everShipped = readFileSync(new URL('./fixtures/shipped-quote-ids.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean);

/** A deck quote for the rule's own tests. */
const q = (text: string, en: string, extra: Partial<Quote> = {}): Quote => ({
  id: 'x',
  sourceId: 's',
  section: '01',
  text,
  en,
  question: { zh: '问?', en: 'Q?' },
  topics: ['research'],
  keywords: { zh: [], en: [] },
  insight: true,
  ...extra,
});

describe('the standalone rule (src/quotes/standalone.ts)', () => {
  it('refuses openers that point back, bare answers, unfinished sentences and long texts', () => {
    expect(
      standaloneProblems(q('但搞工程的人会觉得很了不起。', 'But engineers find it remarkable.')),
    ).toHaveLength(2);
    expect(standaloneProblems(q('这二者存在互相反馈。', 'The two feed back into each other.'))).toHaveLength(
      1,
    );
    expect(standaloneProblems(q('一是想象力,想象力又来自提问能力。', 'First, imagination.'))).not.toEqual([]);
    expect(
      standaloneProblems(q('加上 Sam 有战略定力。', 'On top of that, Sam has conviction.')),
    ).toHaveLength(2);
    expect(
      standaloneProblems(q('拿不到。你模型能力不够。', 'No. Your model is not good enough.'))[0],
    ).toMatch(/bare answer/);
    expect(standaloneProblems(q('边炼边用,不能割裂', 'Training while using'))).toEqual([
      'text does not end a sentence (。!?)',
      'en does not end a sentence (. ! ?)',
    ]);
    expect(standaloneProblems(q(`${'长'.repeat(MAX_DECK_HAN + 1)}。`, 'Long.'))[0]).toMatch(
      /171 Chinese characters/,
    );
    expect(standaloneProblems(q('好句子。', 'lower case start.'))).toContain(
      'en does not begin a sentence (a capital letter)',
    );
  });

  it('lets a lead set up an opener, and ignores quotes in no deck', () => {
    const lead = { zh: '谈杨乐昆的评价', en: "On Yann LeCun's remark" };
    expect(standaloneProblems(q('他说的有一定道理。', 'He has a point.', { lead }))).toEqual([]);
    expect(standaloneProblems(q('他说的有一定道理。', 'He has a point.', { insight: false }))).toEqual([]);
    expect(standaloneProblems(q('贫穷限制了想象力。', 'Poverty limited our imagination.'))).toEqual([]);
  });
});

describe('the shipped corpus, edited', () => {
  it('loads clean, with every daily-deck and prompt quote standing alone', () => {
    expect(corpus.issues).toEqual([]);
    const broken = corpus.quotes
      .filter(inADeck)
      .flatMap((x) => standaloneProblems(x).map((p) => `${x.id}: ${p}`));
    expect(broken).toEqual([]);
  });

  it('has a daily deck of 24 to 36 lines with the mission line in it, and at least 24 prompts', () => {
    expect(daily.length).toBeGreaterThanOrEqual(24);
    expect(daily.length).toBeLessThanOrEqual(36);
    expect(daily.map((x) => x.id)).toContain('poverty-limits-imagination');
    expect(corpus.byId.get('poverty-limits-imagination')?.en).toMatch(/^Poverty limited our imagination\./);
    expect(prompts.length).toBeGreaterThanOrEqual(24);
  });

  it('keeps quotes that the other deck lacks, so both decks can hold the 30-day gap', () => {
    expect(prompts.filter((x) => !x.insight).length).toBeGreaterThanOrEqual(5);
    expect(daily.filter((x) => !x.prompt).length).toBeGreaterThanOrEqual(5);
  });

  it('asks open questions: no yes/no prompt, each ending in a question mark', () => {
    const yesNo = /^(is|are|do|does|did|can|could|should|would|will|has|have)\b/i;
    for (const x of prompts) {
      expect(x.prompt?.en, x.id).not.toMatch(yesNo);
      expect(x.prompt?.en, x.id).toMatch(/\?$/);
      expect(x.prompt?.zh, x.id).not.toMatch(/^(有没有|是不是|能不能|会不会)|吗[??]$/);
      expect(x.prompt?.zh, x.id).toMatch(/[??]$/);
    }
  });

  it('gives intro quotes a lead and never a pseudo-question', () => {
    const intro = corpus.quotes.filter((x) => x.section === 'intro');
    expect(intro.length).toBeGreaterThan(0);
    for (const x of intro) {
      expect(x.lead, x.id).toBeDefined();
      expect(x.question, x.id).toBeUndefined();
    }
  });

  it("marks the headline's wording as the article's, and keeps noted slips out of the decks", () => {
    const headline = corpus.byId.get('poverty-limited-our-imagination');
    expect(headline?.note?.en).toMatch(/headline wording, not Zhou Ming's/);
    expect(headline && inADeck(headline)).toBe(false);
    const slip = corpus.quotes.find((x) => x.text.includes('1750 亿'));
    expect(slip?.note?.en).toMatch(/GPT-3/);
    for (const x of corpus.quotes.filter((y) => y.note)) expect(inADeck(x), x.id).toBe(false);
  });

  it('labels the link as the repost the text was taken from and credits the interview', () => {
    expect(source?.urlLabel?.en).toMatch(/repost/i);
    expect(source?.credit?.en).toBe('Zhou Ming, interviewed by LatePost, April 2023');
    expect(source?.credit?.zh).toContain('晚点 LatePost');
  });

  it('writes English one way: B2B/B2C, full names first, American spelling, no calques', () => {
    const english = (x: Quote): string[] =>
      [x.en, x.lead?.en, x.note?.en, x.prompt?.en, x.question?.en].filter((t): t is string => !!t);
    for (const x of corpus.quotes) {
      for (const t of english(x)) {
        expect(t, x.id).not.toMatch(/(^|[^A-Za-z0-9])2[BC]/);
        expect(t, x.id).not.toMatch(/practis|labell|organis|realis|favour|colour|centre\b/);
        expect(t, x.id).not.toMatch(/to the extreme|\bthe Vision\b|\ba Vision\b/);
      }
      const names: [RegExp, string][] = [
        [/\bSam\b/, 'Sam Altman'],
        [/\bIlya\b/, 'Ilya Sutskever'],
        [/Nadella/, 'Satya Nadella'],
        [/Musk/, 'Elon Musk'],
        [/LeCun/, 'Yann LeCun'],
      ];
      for (const t of [x.en, x.lead?.en, x.prompt?.en].filter((y): y is string => !!y))
        for (const [name, full] of names) {
          const at = t.search(name);
          const fullAt = t.indexOf(full);
          if (at >= 0)
            expect(fullAt >= 0 && fullAt <= at, `${x.id}: ${full} at first mention in "${t}"`).toBe(true);
        }
    }
  });
});

describe('ids: every id ever shipped still resolves', () => {
  it('to a quote of the corpus (itself, or the quote that absorbed it)', () => {
    expect(everShipped.length).toBe(111);
    const lost = everShipped.filter((id) => !corpus.byId.has(id));
    expect(lost).toEqual([]);
    for (const id of everShipped) {
      const current = canonicalId(corpus, id);
      expect(
        corpus.quotes.some((x) => x.id === current),
        id,
      ).toBe(true);
    }
  });

  it('an absorbed quote lives on inside the quote it was merged into (same words, white space aside)', () => {
    const original = readFileSync(new URL('./fixtures/shipped-quote-ids.txt', import.meta.url), 'utf8');
    expect(original).toContain('lecun-has-a-point');
    const merged = corpus.byId.get('lecun-has-a-point');
    expect(merged?.id).toBe('chatgpt-model-of-integrated-innovation');
    expect(merged?.text).toContain('他说的有一定道理。');
    expect(corpus.aliases?.get('every-technology-involves-chance')).toBe('openai-leveraged-microsoft');
    expect(corpus.byId.get('every-technology-involves-chance')?.text).toContain(
      '任何技术出现都有一定偶然性。',
    );
  });
});
