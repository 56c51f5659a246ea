import { isStopWord, stem } from './stem.js';

/**
 * Index terms live in one map, kept apart by their shape: Chinese terms are CJK characters
 * (one-character and two-character grams), English terms are stems, pinyin terms carry a "~" prefix.
 */
export const PINYIN_PREFIX = '~';

/** Character unigrams and bigrams of a run of Chinese characters: robust to missing word boundaries and typos. */
export function hanGrams(han: string): string[] {
  const chars = [...han];
  const out: string[] = [...chars];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  return out;
}

/** Stems of words seen before: corpora and queries repeat words, and stemming is the costly step. */
const stems = new Map<string, string>();
const MAX_CACHED_STEMS = 50_000;

/** Index term of a non-Chinese word: the Porter stem, or undefined for stop words. */
export function wordTerm(word: string): string | undefined {
  if (isStopWord(word)) return undefined;
  let term = stems.get(word);
  if (term === undefined) {
    term = stem(word);
    if (stems.size >= MAX_CACHED_STEMS) stems.clear();
    stems.set(word, term);
  }
  return term;
}

/** The term for two English words in a row (stop words skipped), so "at the same time" outranks scattered words. */
export function wordPair(first: string, second: string): string {
  return `${first} ${second}`;
}

/** The term for a Latin word or number touching Chinese ("1750 亿" → "1750+亿"), in reading order. */
export function crossPair(left: string, right: string): string {
  return `${left}+${right}`;
}

/** Pinyin terms of a syllable sequence: each syllable and each adjacent pair. */
export function pinyinTerms(syllables: readonly string[]): string[] {
  const out = syllables.map((s) => PINYIN_PREFIX + s);
  for (let i = 0; i + 1 < syllables.length; i++)
    out.push(`${PINYIN_PREFIX}${syllables[i]}_${syllables[i + 1]}`);
  return out;
}
