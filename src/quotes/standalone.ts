import type { Quote } from './schema.js';

/**
 * The rule every quote a channel receives on its own must keep (the daily deck and the discussion prompts): it
 * makes sense without its neighbours. A quote may open with a word that points back only when an editor's lead
 * gives the setup; it ends a sentence; it is short enough for a morning post; and its English reads as whole
 * sentences too. Checked by `mingyan validate` and by the corpus tests.
 */

/** Most Chinese (Han) characters a deck quote may have: "about 170", a long paragraph at most. */
export const MAX_DECK_HAN = 170;

/**
 * Chinese openers that point back to text the reader cannot see: conjunctions (所以, 但, 而且…), pronouns
 * (这, 那, 他, 它…), enumerations (一是, 第二…) and continuations (加上, 另外, 其实…).
 */
const ZH_POINTING_BACK =
  /^(所以|因此|因为|但是?|可是|不过|然而|而且|并且|而|加上|另外|此外|还有|其实|实际上|当然|同时|于是|然后|那么?|这|那|他|她|它|其|一是|二是|三是|第[一二三四五]|首先|其次|最后|也)/u;

/** English openers that do the same. */
const EN_POINTING_BACK =
  /^(so|but|and|or|yet|because|also|besides|still|then|that|this|these|those|he|she|it|they|him|them|his|her|its|their|first|second|third|firstly|secondly|finally|actually|of course|on top of that|plus|as for|in fact|instead)\b/iu;

/** A bare answer fragment as the first sentence ("拿不到。", "颠覆式创新。") needs its question: fewer Han than this. */
const MIN_FIRST_SENTENCE_HAN = 6;

const HAN = /\p{Script=Han}/gu;
const countHan = (text: string): number => text.match(HAN)?.length ?? 0;

/** Whether the quote is dealt on its own: in the daily deck or the prompt deck. */
export const inADeck = (q: Pick<Quote, 'insight' | 'prompt'>): boolean => q.insight || q.prompt !== undefined;

/** The problems that keep a deck quote from standing alone; empty when it does (or is in no deck). */
export function standaloneProblems(
  quote: Pick<Quote, 'text' | 'en' | 'lead' | 'insight' | 'prompt'>,
): string[] {
  if (!inADeck(quote)) return [];
  const problems: string[] = [];
  const text = quote.text.trim();
  const en = quote.en.trim();
  const lead = quote.lead !== undefined;
  const opener = ZH_POINTING_BACK.exec(text)?.[0];
  if (opener && !lead)
    problems.push(
      `text begins with "${opener}", which points back to text the reader cannot see; trim it or add a lead`,
    );
  const firstSentence = /^[^。!?!?]*[。!?!?]/u.exec(text)?.[0] ?? text;
  if (!lead && countHan(firstSentence) < MIN_FIRST_SENTENCE_HAN)
    problems.push(`text begins with a bare answer ("${firstSentence}") that needs its question; add a lead`);
  if (!/[。!?!?…][”」』)]?$/u.test(text)) problems.push('text does not end a sentence (。!?)');
  const han = countHan(text);
  if (han > MAX_DECK_HAN)
    problems.push(`text has ${han} Chinese characters; a deck quote has at most ${MAX_DECK_HAN}`);
  const enOpener = EN_POINTING_BACK.exec(en)?.[0];
  if (enOpener && !lead)
    problems.push(`en begins with "${enOpener}", which points back; trim it or add a lead`);
  if (!/^["“'‘(]?[A-Z0-9]/u.test(en)) problems.push('en does not begin a sentence (a capital letter)');
  if (!/[.!?…]["”’')]?$/u.test(en)) problems.push('en does not end a sentence (. ! ?)');
  return problems;
}
