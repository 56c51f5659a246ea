import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Corpus } from '../src/quotes/corpus.js';
import { answerContext } from '../src/quotes/context.js';
import {
  answerCoverage,
  isVerbatim,
  parseTranscript,
  transcriptRulesFor,
  verbatimPrefix,
} from '../src/quotes/fidelity.js';
import { loadCorpus } from '../src/quotes/loader.js';
import type { Quote } from '../src/quotes/schema.js';
import { perFile } from './per-file.js';

// Once per file, or per test under a mutation run (see test/per-file.ts).
const loaded = perFile(() => loadCorpus([fileURLToPath(new URL('./fixtures/quotes/valid/', import.meta.url))]));
let corpus: Corpus;
let sourceText: string;
beforeEach(() => {
  corpus = loaded();
  sourceText = corpus.sources.get('tiny-interview')?.sourceText ?? '';
});
const rules = transcriptRulesFor('李华');
const quote = (id: string): Quote => {
  const q = corpus.byId.get(id);
  if (!q) throw new Error(`fixture quote ${id} is missing`);
  return q;
};

describe('isVerbatim', () => {
  it('accepts an exact substring and differences in white space only', () => {
    expect(isVerbatim('先做 AI 的简单事情。', sourceText)).toBe(true);
    expect(isVerbatim('先做AI的简单事情。', sourceText)).toBe(true);
    expect(isVerbatim('因为有趣。\n我想试试看。', sourceText)).toBe(true);
  });

  it('rejects any other difference: a character, punctuation, or full-width for half-width', () => {
    expect(isVerbatim('先做 AI 的简单事。', sourceText)).toBe(false);
    expect(isVerbatim('因为有趣,我想试试看。', sourceText)).toBe(false);
    expect(isVerbatim('先做 ＡＩ 的简单事情。', sourceText)).toBe(false);
  });

  it('never calls an empty or white-space text verbatim', () => {
    expect(isVerbatim('', sourceText)).toBe(false);
    expect(isVerbatim(' \n ', sourceText)).toBe(false);
  });

  it('shows how far a misquote matches', () => {
    expect(verbatimPrefix('因为有趣。我想试试吧。', sourceText)).toBe('因为有趣。我想试试');
    expect(verbatimPrefix('完全不同', sourceText)).toBe('');
  });
});

describe('parseTranscript', () => {
  it('tells questions, answers, headings and editor notes apart, and stops at the footer', () => {
    const roles = parseTranscript(sourceText, rules).map((p) => [p.role, p.answer ?? null, p.body]);
    expect(roles).toEqual([
      ['other', null, '标题:“简单就是力量”'],
      ['other', null, '李华是一位工程师。她常说 “简单就是力量”。'],
      ['other', null, '以下是李华和《测试》的对话:'],
      ['heading', null, '01 从头说起'],
      ['question', null, '你为什么做这个?'],
      ['answer', 0, '因为有趣。我想试试看。'],
      ['answer', 0, '第二段回答,仍然是同一个回答。'],
      ['note', null, '(*编者注:这不是李华的话。)'],
      ['question', null, '第二个问题?'],
      ['answer', 1, '第二个回答很短。'],
      ['heading', null, '02 结尾'],
      ['question', null, '最后一个问题?'],
      ['answer', 2, '简单就是力量。先做 AI 的简单事情。'],
      ['other', null, '原创文章,作者:someone'],
    ]);
  });

  it('links each answer paragraph to the question it answers', () => {
    const paragraphs = parseTranscript(sourceText, rules);
    expect(paragraphs.find((p) => p.answer === 1)?.question).toBe('第二个问题?');
  });
});

describe('answerCoverage', () => {
  it('is complete when every answer sentence is quoted, and ignores labels, notes, intro and footer', () => {
    const c = answerCoverage(corpus.quotes, sourceText, rules);
    expect(c).toEqual({ coveredChars: c.totalChars, totalChars: 51, ratio: 1, uncovered: [] });
  });

  it('counts answer characters without white space and lists what is not covered, per paragraph', () => {
    const c = answerCoverage([quote('because-its-fun')], sourceText, rules);
    expect(c.coveredChars).toBe('因为有趣。我想试试看。'.length);
    expect(c.uncovered).toEqual([
      '第二段回答,仍然是同一个回答。',
      '第二个回答很短。',
      '简单就是力量。先做 AI 的简单事情。',
    ]);
    expect(c.ratio).toBeCloseTo(11 / 51);
  });

  it('lets a quote of intro words cover the same words in an answer, but never counts the intro', () => {
    const c = answerCoverage([quote('simple-is-power')], sourceText, rules);
    expect(c.coveredChars).toBe('简单就是力量'.length);
    expect(c.totalChars).toBe(51);
  });

  it('is 1 with no answers at all (another speaker)', () => {
    expect(answerCoverage([], sourceText, transcriptRulesFor('王五')).ratio).toBe(1);
  });
});

describe('answerContext', () => {
  it('gives the question and the whole answer, verbatim, without the label or editor notes', () => {
    expect(answerContext(quote('same-answer-second-paragraph'), corpus)).toEqual({
      question: { zh: '你为什么做这个?', en: 'Why are you doing this?' },
      answer: ['因为有趣。我想试试看。', '第二段回答,仍然是同一个回答。'],
    });
  });

  it('finds an answer quote in the answer even when the same words stand in the intro', () => {
    expect(answerContext(quote('do-simple-ai-first'), corpus).answer).toEqual([
      '简单就是力量。先做 AI 的简单事情。',
    ]);
  });

  it('gives an intro quote the paragraph it stands in', () => {
    expect(answerContext(quote('simple-is-power'), corpus).answer).toEqual(['标题:“简单就是力量”']);
  });

  it('falls back to the quotes sharing the question when there is no source text', () => {
    const noText: Corpus = {
      ...corpus,
      sources: new Map([...corpus.sources].map(([id, s]) => [id, { ...s, sourceText: undefined }])),
    };
    expect(answerContext(quote('because-its-fun'), noText).answer).toEqual([
      '因为有趣。我想试试看。',
      '第二段回答,仍然是同一个回答。',
    ]);
    expect(answerContext(quote('simple-is-power'), noText).answer).toEqual(['简单就是力量']);
  });

  // Found by mutation testing (npm run mutate -- src/quotes/context.ts): these choices went unchecked.
  it('an answer quote whose words also stand in the intro, earlier, gets its answer, not the intro', () => {
    const answerQuote: Quote = {
      ...quote('do-simple-ai-first'),
      id: 'simple-in-answer',
      text: '简单就是力量',
    };
    expect(answerContext(answerQuote, corpus).answer).toEqual(['简单就是力量。先做 AI 的简单事情。']);
  });

  it('the fallback takes only quotes of the same source, section and question', () => {
    const base = quote('because-its-fun');
    const others: Quote[] = [
      {
        ...base,
        id: 'other-question',
        text: '另一个问题的回答',
        question: { zh: '别的问题?', en: 'Another?' },
      },
      { ...base, id: 'other-section', text: '另一节的回答', section: '02' },
      { ...base, id: 'other-source', text: '另一个来源的回答', sourceId: 'elsewhere' },
    ];
    const noText: Corpus = {
      ...corpus,
      quotes: [...corpus.quotes, ...others],
      sources: new Map([...corpus.sources].map(([id, s]) => [id, { ...s, sourceText: undefined }])),
    };
    expect(answerContext(base, noText).answer).toEqual([
      '因为有趣。我想试试看。',
      '第二段回答,仍然是同一个回答。',
    ]);
    // A quote with no sibling (not even itself in the corpus) still answers with its own text.
    expect(answerContext(others[2]!, { ...noText, quotes: [] }).answer).toEqual(['另一个来源的回答']);
  });
});
