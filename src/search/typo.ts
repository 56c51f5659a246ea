import Fuse from 'fuse.js';

/** A vocabulary word close to a misspelt query word, with how sure the match is. */
export interface Correction {
  /** The vocabulary word. */
  word: string;
  /** 1 for identical, falling towards 0 as the spelling drifts. */
  similarity: number;
}

/** Fuse's Bitap score above which a candidate is no longer a plausible misspelling. */
const MAX_FUSE_SCORE = 0.34;
const MAX_CANDIDATES = 2;
const MAX_CACHED = 1000;

/** Edits a misspelling of this length may contain: one per five letters, at least one ("weather" ≠ "rather"). */
const allowedEdits = (length: number): number => Math.max(1, Math.floor(length / 5));

/** Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent swaps), capped at max + 1. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length]!, max + 1);
}

/**
 * Finds the words a misspelt query word probably meant ("inovation" → "innovation"): fuse.js's fuzzy matcher
 * proposes candidates from the corpus vocabulary, an edit-distance check keeps the plausible ones. Built lazily:
 * most queries never need it.
 */
export function createTypoCorrector(vocabulary: readonly string[]): (word: string) => Correction[] {
  let fuse: Fuse<string> | undefined;
  const cache = new Map<string, Correction[]>();
  return (word) => {
    const cached = cache.get(word);
    if (cached !== undefined) return cached;
    fuse ??= new Fuse(vocabulary, { includeScore: true, threshold: MAX_FUSE_SCORE, ignoreLocation: true });
    const max = allowedEdits(word.length);
    const found = fuse
      .search(word, { limit: MAX_CANDIDATES * 4 })
      .map((r) => ({ word: r.item, distance: editDistance(word, r.item, max) }))
      .filter((c) => c.distance <= max)
      .sort((a, b) => a.distance - b.distance)
      .slice(0, MAX_CANDIDATES)
      .map((c) => ({ word: c.word, similarity: 1 - c.distance / Math.max(word.length, c.word.length) }));
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(word, found);
    return found;
  };
}
