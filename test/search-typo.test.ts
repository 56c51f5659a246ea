import { describe, expect, it } from 'vitest';
import { createTypoCorrector, editDistance } from '../src/search/typo.js';
import { perFile } from './per-file.js';

// Mutation testing (npm run mutate -- src/search/typo.ts) scored this file at 10%: the ranking tests pass with
// the corrector broken, because other matches carry them. These pin its own answers.

describe('editDistance (optimal string alignment, capped)', () => {
  it.each([
    ['innovation', 'innovation', 0],
    ['inovation', 'innovation', 1], // a deletion
    ['innovations', 'innovation', 1], // an insertion
    ['innovatoin', 'innovation', 1], // two adjacent letters swapped count once
    ['innavation', 'innovation', 1], // a substitution
    ['inavotion', 'innovation', 3],
    ['aab', 'aca', 2], // no swap: only one of the two letters matches across
    ['aab', 'abc', 2],
  ])('%s → %s is %i', (a, b, d) => {
    expect(editDistance(a, b, 5)).toBe(d);
    expect(editDistance(b, a, 5)).toBe(d);
  });

  it('stops at max + 1: for far words, and at once when the lengths differ by more than max', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('ab', 'wxyz', 2)).toBe(3); // 4 edits, reported as max + 1
    expect(editDistance('ab', 'abcdef', 2)).toBe(3);
    expect(editDistance('abcdef', 'abcdxy', 2)).toBe(2);
  });
});

describe('createTypoCorrector', () => {
  // Once per file, or per test under a mutation run (see test/per-file.ts).
  const corrector = perFile(() =>
    createTypoCorrector(['innovation', 'disruptive', 'weather', 'infrastructure', 'inflation', 'data']),
  );
  const correct = (word: string) => corrector()(word);

  it('finds the word meant, with a similarity from the edits', () => {
    expect(correct('inovation')).toEqual([{ word: 'innovation', similarity: 0.9 }]);
    expect(correct('disruptve')).toEqual([{ word: 'disruptive', similarity: 0.9 }]);
  });

  it('allows one edit per five letters, at least one: "rather" is not "weather"', () => {
    expect(correct('rather')).toEqual([]);
    expect(correct('weathr')).toEqual([{ word: 'weather', similarity: 1 - 1 / 7 }]);
    expect(correct('infrastracture').map((c) => c.word)).toEqual(['infrastructure']);
    expect(correct('daat')).toEqual([{ word: 'data', similarity: 0.75 }]); // short words get one edit too
  });

  it('ranks the nearest spelling first, whatever order the fuzzy matcher found them in', () => {
    // The fuzzy matcher scores these alike and keeps vocabulary order; the edit distance decides.
    const found = createTypoCorrector(['tethering', 'withering', 'weathering'])('wetahering');
    expect(found).toEqual([
      { word: 'weathering', similarity: 0.9 },
      { word: 'tethering', similarity: 0.8 },
    ]);
  });

  it('answers the same twice (cached) and nothing for a word far from every other', () => {
    expect(correct('inovation')).toEqual(correct('inovation'));
    expect(correct('zzzzzz')).toEqual([]);
  });
});
