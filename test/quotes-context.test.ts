// The setting a user sees with /quote context (question, editor's lead and note, the whole answer), and how a
// transcript is read into questions, answers, headings and notes, on small transcripts written for each case.
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { answerContext } from '../src/quotes/context.js';
import { canonicalId, type Corpus } from '../src/quotes/corpus.js';
import { answerCoverage, parseTranscript, transcriptRulesFor } from '../src/quotes/fidelity.js';
import { loadCorpus } from '../src/quotes/loader.js';
import type { Quote } from '../src/quotes/schema.js';
import { perFile } from './per-file.js';

// Once per file, or per test under a mutation run (see test/per-file.ts).
const loaded = perFile(() =>
  loadCorpus([fileURLToPath(new URL('./fixtures/quotes/valid/', import.meta.url))]),
);
let corpus: Corpus;
beforeEach(() => {
  corpus = loaded();
});
const quote = (id: string): Quote => {
  const q = corpus.byId.get(id);
  if (!q) throw new Error(`fixture quote ${id} is missing`);
  return q;
};
/** The corpus as if its source named no text (or the text could not be read). */
const withoutText = (extra: Quote[] = []): Corpus => ({
  ...corpus,
  quotes: [...corpus.quotes, ...extra],
  sources: new Map([...corpus.sources].map(([id, s]) => [id, { ...s, sourceText: undefined }])),
});

describe('answerContext shows', () => {
  it("the editor's lead with the question", () => {
    expect(answerContext(quote('because-its-fun'), corpus)).toEqual({
      question: { zh: '你为什么做这个?', en: 'Why are you doing this?' },
      lead: { zh: '谈她为什么做这个', en: 'On why she does this' },
      answer: ['因为有趣。我想试试看。', '第二段回答,仍然是同一个回答。'],
    });
  });

  it("the editor's note on a slip", () => {
    expect(answerContext(quote('second-answer-short'), corpus)).toEqual({
      question: { zh: '第二个问题?', en: 'The second question?' },
      note: { zh: '编者注:其实不算短。', en: "Editor's note: it is not that short." },
      answer: ['第二个回答很短。'],
    });
  });

  it('the paragraph of an intro quote at the very start of the source text', () => {
    const title: Quote = { ...quote('simple-is-power'), id: 'title', text: '标题' };
    expect(answerContext(title, corpus).answer).toEqual(['标题:“简单就是力量”']);
  });

  it('the paragraph an intro quote opens, not the one before it', () => {
    const engineer: Quote = { ...quote('simple-is-power'), id: 'engineer', text: '李华是一位工程师。' };
    expect(answerContext(engineer, corpus).answer).toEqual(['李华是一位工程师。她常说 “简单就是力量”。']);
  });

  it('for an intro quote, the intro paragraph even when an earlier answer uses the same words', () => {
    const [id, source] = [...corpus.sources][0]!;
    const bridged: Corpus = {
      ...corpus,
      sources: new Map([
        [id, { ...source, sourceText: '李华:简单就是力量。\n01 第二部分\n她一直说简单就是力量。\n' }],
      ]),
    };
    expect(answerContext(quote('simple-is-power'), bridged).answer).toEqual(['她一直说简单就是力量。']);
    // An answer quote with the same words keeps its answer.
    const inAnswer: Quote = { ...quote('do-simple-ai-first'), text: '简单就是力量' };
    expect(answerContext(inAnswer, bridged).answer).toEqual(['简单就是力量。']);
  });

  it('the quotes sharing its question when its words are no longer in the source text', () => {
    const edited: Quote = { ...quote('because-its-fun'), text: '这句话不在原文里。' };
    expect(answerContext(edited, corpus).answer).toEqual([
      '因为有趣。我想试试看。',
      '第二段回答,仍然是同一个回答。',
    ]);
  });

  it('without a source text, its own words when it has a lead but no question', () => {
    const leadOnly: Quote = {
      ...quote('because-its-fun'),
      id: 'lead-only',
      text: '只有导语的一句话。',
      question: undefined,
    };
    expect(answerContext(leadOnly, withoutText([leadOnly])).answer).toEqual(['只有导语的一句话。']);
    // And a question's siblings leave out such a quote of the same section.
    expect(answerContext(quote('because-its-fun'), withoutText([leadOnly])).answer).toEqual([
      '因为有趣。我想试试看。',
      '第二段回答,仍然是同一个回答。',
    ]);
  });
});

describe('canonicalId', () => {
  it('is the id itself when no quote has it, so the caller can say it is unknown', () => {
    expect(canonicalId(corpus, 'no-such-quote')).toBe('no-such-quote');
    expect(canonicalId(corpus, 'short-second-answer')).toBe('second-answer-short');
  });
});

describe('reading a transcript', () => {
  const rules = transcriptRulesFor('李华');
  const roles = (text: string, speaker = rules): string[] =>
    parseTranscript(text, speaker).map((p) => `${p.role}${p.answer ?? ''}: ${p.body}`);

  it('a speaker whose name has regex characters is matched literally', () => {
    expect(roles('JxKx:不是他。\nJ.K.:你好。', transcriptRulesFor('J.K.'))).toEqual([
      'other: JxKx:不是他。',
      'answer0: 你好。',
    ]);
  });

  it("a publication's name inside an answer does not make it a question", () => {
    expect(roles('《测试》 :你读过什么?\n李华:我在《三体》:读到过。')).toEqual([
      'question: 你读过什么?',
      'answer0: 我在《三体》:读到过。',
    ]);
  });

  it('a paragraph starting with a number, or mentioning the footer words, stays in the answer', () => {
    expect(
      roles('李华:我们从头说起。\n10 年前,我们开始做翻译。\n大概有 10 个人\n我写过原创文章,发在网上。'),
    ).toEqual([
      'answer0: 我们从头说起。',
      'answer0: 10 年前,我们开始做翻译。',
      'answer0: 大概有 10 个人',
      'answer0: 我写过原创文章,发在网上。',
    ]);
  });

  it('a heading ends an answer, and nothing after the footer is an answer', () => {
    expect(roles('李华:回答。\n01 第一部分\n后面的导语。\n原创文章,作者:x\n李华:转载者的话。')).toEqual([
      'answer0: 回答。',
      'heading: 01 第一部分',
      'other: 后面的导语。',
      'other: 原创文章,作者:x',
      'other: 李华:转载者的话。',
    ]);
  });

  it("a line of several editor's notes is a note", () => {
    expect(roles('李华:回答。\n(*注一) (*注二)\n接着回答。')).toEqual([
      'answer0: 回答。',
      'note: (*注一) (*注二)',
      'answer0: 接着回答。',
    ]);
  });

  it('indented lines are read the same, and each body is found where it stands', () => {
    const text = '  《测试》:问?\n\t李华:  答。\n    接着答。  \n';
    expect(roles(text)).toEqual(['question: 问?', 'answer0: 答。', 'answer0: 接着答。']);
    for (const p of parseTranscript(text, rules))
      expect(text.slice(p.bodyStart).startsWith(p.body)).toBe(true);
  });
});

describe('answer coverage', () => {
  const rules = transcriptRulesFor('李华');
  const text = '李华:开头就是回答。\n第二段(*编者注)也是。\n《测试》:问?\n李华:第二个回答。\n';

  it("counts an answer at the very start, and never an editor's note inside an answer", () => {
    const none = answerCoverage([], text, rules);
    expect(none.totalChars).toBe('开头就是回答。第二段也是。第二个回答。'.length);
    // Uncovered stretches split at paragraph ends, even within one answer, and around a note.
    expect(none.uncovered).toEqual(['开头就是回答。', '第二段', '也是。', '第二个回答。']);
    const all = answerCoverage([{ text: '开头就是回答。' }, { text: '第二个回答。' }], text, rules);
    expect(all.coveredChars).toBe(13);
    expect(all.uncovered).toEqual(['第二段', '也是。']);
  });

  it('a blank quote covers nothing', () => {
    expect(answerCoverage([{ text: ' ' }], text, rules)).toEqual(answerCoverage([], text, rules));
  });
});
