// The standalone rule's exact messages, as `mingyan validate` prints them to the editor who must fix the quote,
// and where its limits fall.
import { describe, expect, it } from 'vitest';
import type { Quote } from '../src/quotes/schema.js';
import { inADeck, MAX_DECK_HAN, standaloneProblems } from '../src/quotes/standalone.js';

type Checked = Parameters<typeof standaloneProblems>[0];
/** A daily-deck quote. */
const deck = (text: string, en: string, extra: Partial<Checked> = {}): string[] =>
  standaloneProblems({ text, en, insight: true, ...extra });
const GOOD_EN = 'Poverty limited our imagination.';

describe('messages', () => {
  it('name the Chinese opener that points back and say what to do', () => {
    expect(deck('第二,要有数据和算力。', GOOD_EN)).toEqual([
      'text begins with "第二", which points back to text the reader cannot see; trim it or add a lead',
    ]);
    expect(deck('那么我们要做的事情就是简单的事。', GOOD_EN)).toEqual([
      'text begins with "那么", which points back to text the reader cannot see; trim it or add a lead',
    ]);
  });

  it('name the English opener that points back', () => {
    expect(deck('贫穷限制了我们的想象力。', 'On top of that, Sam Altman has conviction.')).toEqual([
      'en begins with "On top of that", which points back; trim it or add a lead',
    ]);
  });

  it('quote the bare first sentence that needs its question', () => {
    expect(deck('拿不到。你模型能力不够的话就不行。', 'No. Your model is not good enough.')).toEqual([
      'text begins with a bare answer ("拿不到。") that needs its question; add a lead',
    ]);
    // No Chinese at all is a bare answer too.
    expect(deck('GPT-4!', 'GPT-4!')).toEqual([
      'text begins with a bare answer ("GPT-4!") that needs its question; add a lead',
    ]);
  });

  it('count the Chinese characters of a long text', () => {
    expect(deck(`${'长'.repeat(MAX_DECK_HAN + 5)}。`, GOOD_EN)).toEqual([
      `text has ${MAX_DECK_HAN + 5} Chinese characters; a deck quote has at most ${MAX_DECK_HAN}`,
    ]);
  });
});

describe('limits', () => {
  it('a first sentence of six Chinese characters stands; five need a question', () => {
    expect(deck('简单就是力量。然后呢', GOOD_EN)).toEqual(['text does not end a sentence (。!?)']);
    expect(deck('简单是力量。我们要先做简单的事。', GOOD_EN)).toEqual([
      'text begins with a bare answer ("简单是力量。") that needs its question; add a lead',
    ]);
  });

  it(`a text of exactly ${MAX_DECK_HAN} Chinese characters fits a deck`, () => {
    expect(deck(`${'长'.repeat(MAX_DECK_HAN)}。`, GOOD_EN)).toEqual([]);
  });

  it('a sentence may end inside closing quotation marks, in Chinese and in English', () => {
    expect(deck('周明常说:“简单就是力量。”', '"Simplicity is power."')).toEqual([]);
    expect(deck('周明常说:“简单就是力量!”', '(Simplicity is power!)')).toEqual([]);
  });

  it('an end mark in the middle is not an end: the text must end with it', () => {
    expect(deck('简单就是力量。然后继续做', 'Simplicity is power. then more')).toEqual([
      'text does not end a sentence (。!?)',
      'en does not end a sentence (. ! ?)',
    ]);
  });

  it('the English must begin with a capital, not merely contain one', () => {
    expect(deck('贫穷限制了我们的想象力。', 'poverty limited Our imagination.')).toEqual([
      'en does not begin a sentence (a capital letter)',
    ]);
  });

  it('white space around the text and the English does not count', () => {
    expect(deck('  贫穷限制了我们的想象力。 \n', `  ${GOOD_EN}  \n`)).toEqual([]);
    expect(deck(' 但是贫穷限制了我们的想象力。', ' But poverty limited our imagination.')).toEqual([
      'text begins with "但是", which points back to text the reader cannot see; trim it or add a lead',
      'en begins with "But", which points back; trim it or add a lead',
    ]);
  });
});

describe('which quotes the rule covers', () => {
  const prompt = { zh: '你怎么看?', en: 'What do you think?' };
  it('a discussion prompt stands alone too, even outside the daily deck', () => {
    const quote: Pick<Quote, 'insight' | 'prompt'> = { insight: false, prompt };
    expect(inADeck(quote)).toBe(true);
    expect(deck('但是这件事情很难做到。', GOOD_EN, { insight: false, prompt })).toEqual([
      'text begins with "但是", which points back to text the reader cannot see; trim it or add a lead',
    ]);
    expect(inADeck({ insight: false })).toBe(false);
  });
});
