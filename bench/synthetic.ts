import { seededRandom } from '../src/seeded.js';
import type { Quote } from '../src/quotes/schema.js';

/** The synthetic corpus is the same on every run and every machine. */
export const createRandom = seededRandom;

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;
const sample = <T>(items: readonly T[], count: number, random: () => number): T[] =>
  Array.from({ length: count }, () => pick(items, random));

/** Sentences of a text, each keeping its closing punctuation. */
function sentences(text: string, pattern: RegExp): string[] {
  return (
    text
      .match(pattern)
      ?.map((s) => s.trim())
      .filter((s) => s.length > 0) ?? [text]
  );
}

/**
 * `count` quotes made by recombining the real ones: 1-3 real Chinese sentences, 1-3 real English sentences,
 * real keywords, questions and topics, under new ids. Realistic term statistics at any size, same every run.
 */
export function syntheticQuotes(real: readonly Quote[], count: number, seed = 20230427): Quote[] {
  const random = createRandom(seed);
  const zh = real.flatMap((q) => sentences(q.text, /[^。?!?!]+[。?!?!]?/g));
  const en = real.flatMap((q) => sentences(q.en, /[^.?!]+[.?!]?/g));
  const kwZh = real.flatMap((q) => q.keywords.zh);
  const kwEn = real.flatMap((q) => q.keywords.en);
  return Array.from({ length: count }, (_, i) => {
    const base = pick(real, random);
    const parts = 1 + Math.floor(random() * 3);
    return {
      ...base,
      id: `synthetic-${String(i + 1).padStart(5, '0')}`,
      text: sample(zh, parts, random).join(''),
      en: sample(en, parts, random).join(' '),
      question: pick(real, random).question,
      topics: [...new Set([...base.topics, pick(real, random).topics[0]!])],
      keywords: { zh: sample(kwZh, 4, random), en: sample(kwEn, 5, random) },
      prompt: undefined,
    };
  });
}
