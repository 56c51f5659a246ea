import { CONCEPTS, type Concept } from './concept-table.js';
import { splitRuns, type Run } from './normalize.js';
import { hanToSyllables } from './pinyin.js';

/** Concept index terms carry this prefix: normalised text never contains it, so no word can collide. */
export const CONCEPT_PREFIX = '@';

/** One concept found in a text: units [start, end) named these index terms. */
export interface ConceptMatch {
  /** First matched unit. */
  start: number;
  /** One past the last matched unit. */
  end: number;
  /** The concept's index term and those of the broader concepts it implies; empty for a blocking phrase. */
  terms: readonly string[];
}

/** "models" → "model", "soes" → "soe": the plural is the one inflection a thesaurus should not have to list. */
export function foldWord(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/**
 * A unit concepts are matched on: a Chinese character as its code point (a number: no string to allocate and
 * hash, which matters when indexing 10,000 quotes), or another word, plural folded.
 */
export type Unit = number | string;

/** The units of a text's runs, in order. */
export function matchUnits(runs: readonly Run[]): Unit[] {
  const units: Unit[] = [];
  for (const run of runs) {
    if (run.kind === 'word') {
      units.push(foldWord(run.text));
      continue;
    }
    const { text } = run;
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
      units.push(cp);
    }
  }
  return units;
}

interface TrieNode {
  next: Map<Unit, TrieNode>;
  /** Set where a form ends: the terms it names ([] for a blocking phrase). */
  terms?: readonly string[];
}

/**
 * A form as the table writes it, in the normal form: lower case, simplified, words apart. Cheaper than
 * normalizeText (no traditional-to-simplified pass over hundreds of forms); a test checks they agree.
 */
export function formUnits(form: string): Unit[] {
  return matchUnits(
    splitRuns(
      form
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim(),
    ),
  );
}

function buildTrie(concepts: readonly Concept[]): TrieNode {
  const root: TrieNode = { next: new Map() };
  for (const concept of concepts) {
    const terms =
      concept.id === '' ? [] : [concept.id, ...(concept.also ?? [])].map((id) => CONCEPT_PREFIX + id);
    for (const form of concept.forms) {
      let node = root;
      for (const unit of formUnits(form)) {
        let child = node.next.get(unit);
        if (child === undefined) node.next.set(unit, (child = { next: new Map() }));
        node = child;
      }
      if (node !== root) node.terms = [...new Set([...(node.terms ?? []), ...terms])];
    }
  }
  return root;
}

/** Built on first use: most of the cost of a first search is elsewhere, but no work at module load. */
let trie: TrieNode | undefined;

/**
 * The concepts a text names, left to right, each at its longest form: "占了便宜" is one match (reaping what
 * others sowed), not also "便宜" (cheap); "微软亚洲研究院" names the lab and, through `also`, Microsoft.
 */
export function findConcepts(units: readonly Unit[]): ConceptMatch[] {
  const root = (trie ??= buildTrie(CONCEPTS));
  const found: ConceptMatch[] = [];
  for (let start = 0; start < units.length;) {
    let node: TrieNode | undefined = root;
    let end = -1;
    let terms: readonly string[] = [];
    for (let i = start; i < units.length; i++) {
      node = node.next.get(units[i]!);
      if (node === undefined) break;
      if (node.terms !== undefined) {
        end = i + 1;
        terms = node.terms;
      }
    }
    if (end < 0) {
      start++;
      continue;
    }
    if (terms.length > 0) found.push({ start, end, terms });
    start = end;
  }
  return found;
}

/** Concept terms by the run-together pinyin of their Chinese forms ("pinkun" → 贫困 → poverty); built on first use. */
let byPinyin: Map<string, readonly string[]> | undefined;

/**
 * The concepts whose Chinese form reads as these syllables: a pinyin query meets a synonym the quotes use
 * ("pinkun", 贫困, finds 贫穷). Only forms of two characters or more: one syllable names too many things.
 */
export function conceptsByPinyin(syllables: readonly string[]): readonly string[] {
  if (byPinyin === undefined) {
    byPinyin = new Map();
    for (const concept of CONCEPTS) {
      if (concept.id === '') continue;
      const terms = [concept.id, ...(concept.also ?? [])].map((id) => CONCEPT_PREFIX + id);
      for (const form of concept.forms) {
        if (!/^\p{Script=Han}{2,}$/u.test(form)) continue;
        const key = hanToSyllables(form).join('');
        byPinyin.set(key, [...new Set([...(byPinyin.get(key) ?? []), ...terms])]);
      }
    }
  }
  return byPinyin.get(syllables.join('')) ?? [];
}
