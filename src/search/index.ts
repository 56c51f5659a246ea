import { TOPICS, type Quote } from '../quotes/schema.js';
import { err, ok, type Result } from '../result.js';
import { buildIndex } from './build.js';
import { normalizeText } from './normalize.js';
import { planQuery } from './query.js';
import { rank } from './rank.js';
import { createTypoCorrector } from './typo.js';
import { MAX_QUERY_LENGTH, type QuoteSearch, type SearchOptions, type SearchRefusal } from './types.js';

export { normalizeText } from './normalize.js';

const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 50;
const KNOWN_TOPICS: ReadonlySet<string> = new Set(TOPICS);

/**
 * Builds a search over the given quotes: Chinese character grams, English stems, pinyin syllables and bilingual
 * concepts (谷歌 = Google, 通用人工智能 = AGI) in one BM25F index over text, en, keywords, question and topics,
 * with bonuses for exact Chinese phrases, run-together pinyin, pinyin initials and matching interviewer questions,
 * fuse.js spelling correction for unknown words, and fillers (为什么, 一个, "just") that never decide a ranking.
 */
export function createQuoteSearch(quotes: readonly Quote[]): QuoteSearch {
  const index = buildIndex(quotes);
  const correct = createTypoCorrector(index.vocabulary);
  return {
    search(query, options = {}) {
      const checked = checkQuery(query, options);
      if (!checked.ok) return checked;
      const offset = clampInt(options.offset, 0, 0, index.quotes.length);
      const limit = clampInt(options.limit, DEFAULT_LIMIT, 0, MAX_LIMIT);
      if (limit === 0) return ok([]);
      const { topic } = options;
      const allowed = topic === undefined ? () => true : (doc: number) => index.topics[doc]!.has(topic);
      const plan = planQuery(query, checked.value, index, correct);
      const ranked = rank(index, plan, offset + limit, allowed).slice(offset);
      return ok(ranked.map(({ doc, score }) => ({ quote: index.quotes[doc]!, score })));
    },
  };
}

/** The refusals, in the order a user would want to hear them; the normalised query otherwise. */
function checkQuery(query: unknown, options: SearchOptions): Result<string, SearchRefusal> {
  const raw = typeof query === 'string' ? query.trim() : '';
  if (raw.length > MAX_QUERY_LENGTH)
    return err({ reason: 'too-long', max: MAX_QUERY_LENGTH, length: raw.length });
  if (options.topic !== undefined && !KNOWN_TOPICS.has(options.topic)) {
    return err({ reason: 'unknown-topic', topic: options.topic });
  }
  const normalized = normalizeText(raw);
  return normalized.length === 0 ? err({ reason: 'empty' }) : ok(normalized);
}

function clampInt(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}
