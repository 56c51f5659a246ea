import { describe, expect, it } from 'vitest';
import { toQuoteView } from '../src/bot/view.js';
import { breakLines, kinsokuViolations } from '../src/card/line-break.js';
import { attributionLines, cardContentOf, cardTextsOf, displayChinese } from '../src/card/text.js';
import { loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';

// Every character one unit wide: a line of width N holds N characters, so the expected breaks are plain to see.
const unit = (text: string): number => Array.from(text).length;
const lines = (text: string, width: number): string[] => breakLines(text, width, unit);

// Written with escapes: full-width punctuation must survive any editor that normalises text.
const COMMA = '\uff0c';
const COLON = '\uff1a';

describe('card line breaking (kinsoku)', () => {
  it('breaks Chinese between any two characters when no punctuation is involved', () => {
    expect(lines('贫穷限制了想象力', 4)).toEqual(['贫穷限制', '了想象力']);
  });

  it('never starts a line with closing punctuation: the mark takes the previous character with it', () => {
    // Greedy breaking would start line 2 with 。; instead 力 moves down with it.
    expect(lines('贫穷限制了想象力。', 8)).toEqual(['贫穷限制了想象', '力。']);
    expect(lines(`我们${COMMA}你们`, 2)).toEqual(['我', `们${COMMA}`, '你们']);
    for (const mark of ['。', COMMA, '、', '」', '》', '”', '！', '？', '；', COLON, '）', '…']) {
      const broken = lines(`一二三${mark}四五`, 3);
      expect(broken[1]?.startsWith(mark), `${mark}: ${broken.join('|')}`).toBe(false);
      expect(kinsokuViolations(broken)).toEqual([]);
    }
  });

  it('keeps a run of closing marks together (。」)', () => {
    const broken = lines('他说「好的。」然后走了', 5);
    expect(broken).toEqual(['他说「好', '的。」然后', '走了']);
    expect(kinsokuViolations(broken)).toEqual([]);
  });

  it('never ends a line with opening punctuation: the mark moves down to what it opens', () => {
    expect(lines('一二三「四五」', 4)).toEqual(['一二三', '「四五」']);
    for (const mark of ['「', '“', '《', '（', '『', '【']) {
      const broken = lines(`一二三${mark}四五`, 4);
      expect(broken[0]?.endsWith(mark), `${mark}: ${broken.join('|')}`).toBe(false);
      expect(kinsokuViolations(broken)).toEqual([]);
    }
  });

  it('keeps a two-em dash (——) on one line', () => {
    const broken = lines('两类能力——听懂人话', 5);
    expect(broken).toEqual(['两类能力', '——听懂人', '话']);
    for (const width of [3, 4, 5, 6])
      expect(
        lines('两类能力——听懂人话', width).some((l) => l.endsWith('\u2014') && !l.endsWith('\u2014\u2014')),
      ).toBe(false);
  });

  it('breaks English only at spaces, and splits a word longer than a line', () => {
    expect(lines('Poverty limited the imagination.', 16)).toEqual(['Poverty limited', 'the imagination.']);
    expect(lines('Supercalifragilistic', 8)).toEqual(['Supercal', 'ifragili', 'stic']);
  });

  it('keeps Latin words whole inside Chinese text, with their spaces', () => {
    expect(lines('有 2C 志向的人', 5)).toEqual(['有 2C', '志向的人']);
    expect(lines('用 Transformer 做编码', 12)).toEqual(['用', 'Transformer', '做编码']);
  });

  it('reports violations of a bad breaking', () => {
    expect(kinsokuViolations(['一二', '。三'])).toEqual(['line 2 starts with 。']);
    expect(kinsokuViolations(['一「', '二'])).toEqual(['line 1 ends with 「']);
  });

  it('never loses or reorders a character', () => {
    const corpus = loadCorpus([shippedQuotesDir()]);
    for (const q of corpus.quotes) {
      for (const width of [5, 11, 23]) {
        const text = displayChinese(q.text);
        expect(lines(text, width).join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
        expect(kinsokuViolations(lines(text, width)), q.id).toEqual([]);
      }
    }
  });
});

describe('card text', () => {
  it('sets ASCII punctuation between Chinese characters full-width, and leaves English alone', () => {
    expect(displayChinese('有 2C 志向的人,大概看不上做 2B 的人')).toBe(
      `有 2C 志向的人${COMMA}大概看不上做 2B 的人`,
    );
    expect(displayChinese('2B 的需求分布是:80%')).toBe(`2B 的需求分布是${COLON}80%`);
    expect(displayChinese('Unified Language Model (UniLM)。')).toBe('Unified Language Model (UniLM)。');
    expect(displayChinese('Hello, world: yes?')).toBe('Hello, world: yes?');
  });

  it('shows every quote verbatim: only punctuation changes, each to a form NFKC maps back', () => {
    const corpus = loadCorpus([shippedQuotesDir()]);
    for (const q of corpus.quotes) {
      const shown = Array.from(displayChinese(q.text));
      const text = Array.from(q.text);
      expect(shown.length, q.id).toBe(text.length);
      const changed = shown.filter((c, i) => c !== text[i] && c.normalize('NFKC') !== text[i]);
      expect(changed, q.id).toEqual([]);
    }
  });

  it('shows the lead line instead of the question where a quote has one', () => {
    const corpus = loadCorpus([shippedQuotesDir()]);
    const quote = { ...corpus.quotes[0]!, lead: { zh: '谈到创业,他说', en: 'On founding a company' } };
    const view = toQuoteView(quote, corpus);
    expect(view.lead).toEqual(quote.lead);
    const content = cardContentOf(view);
    expect(content.contextIsQuestion).toBe(false);
    expect(content.context).toEqual({ zh: '谈到创业\uff0c他说', en: 'On founding a company' });
    expect(cardTextsOf(view).map((t) => t.field)).toContain('lead.zh');
    const asked = corpus.quotes.find((q) => q.lead === undefined)!;
    expect(cardContentOf(toQuoteView(asked, corpus)).contextIsQuestion).toBe(true);
  });

  it('attributes the quote in each language without repeating the publication', () => {
    const corpus = loadCorpus([shippedQuotesDir()]);
    const view = toQuoteView(corpus.quotes[0]!, corpus);
    expect(attributionLines(view)).toEqual({
      both: '— 周明 Zhou Ming · 晚点 LatePost · 2023-04',
      zh: '— 周明 · 晚点 LatePost · 2023-04',
      en: '— Zhou Ming · LatePost · 2023-04',
    });
  });
});
