import { TOPICS, type Quote } from '../quotes/schema.js';
import { err, ok, type Result } from '../result.js';
import { buildIndex, fieldsHolding } from './build.js';
import { normalizeText } from './normalize.js';
import { planQuery } from './query.js';
import { explains, rank, type RankTrace } from './rank.js';
import { createTypoCorrector } from './typo.js';
import {
  MAX_QUERY_LENGTH,
  type Explanation,
  type SearchHit,
  type QuoteSearch,
  type SearchOptions,
  type SearchRefusal,
} from './types.js';

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
export function createQuoteSearch(quotes: readonly Quote[]): QuoteSearch & {
  /** The same search, with why the top hit won (or why nothing did): for `mingyan search --explain`. */
  explain(query: string, options?: SearchOptions): Result<Explanation, SearchRefusal>;
} {
  const index = buildIndex(quotes);
  const correct = createTypoCorrector(index.vocabulary);
  const run = (
    query: string,
    options: SearchOptions,
    trace?: RankTrace,
  ): Result<{ hits: SearchHit[]; plan: ReturnType<typeof planQuery> | undefined }, SearchRefusal> => {
    const checked = checkQuery(query, options);
    if (!checked.ok) return checked;
    const offset = clampInt(options.offset, 0, 0, index.quotes.length);
    const limit = clampInt(options.limit, DEFAULT_LIMIT, 0, MAX_LIMIT);
    if (limit === 0) return ok({ hits: [], plan: undefined });
    const { topic } = options;
    const allowed = topic === undefined ? () => true : (doc: number) => index.topics[doc]!.has(topic);
    const plan = planQuery(query, checked.value, index, correct);
    const ranked = rank(index, plan, offset + limit, allowed, trace).slice(offset);
    return ok({ hits: ranked.map(({ doc, score }) => ({ quote: index.quotes[doc]!, score })), plan });
  };
  return {
    search(query, options = {}) {
      const result = run(query, options);
      return result.ok ? ok(result.value.hits) : result;
    },
    explain(query, options = {}) {
      const trace: RankTrace = { contributions: new Map(), unexplained: [], ideal: 0 };
      const result = run(query, options, trace);
      if (!result.ok) return result;
      const { hits, plan } = result.value;
      const docOf = new Map(index.quotes.map((q, doc) => [q, doc]));
      const top = hits[0];
      const topDoc = top === undefined ? undefined : docOf.get(top.quote);
      const explanation: Explanation = {
        hits,
        asksSomething: plan?.asks ?? false,
        words: (plan?.groups ?? []).map((g) => ({ word: g.label, mass: g.mass })),
        weak: [...(plan?.weak ?? [])],
        turnedDown: trace.unexplained.slice(0, 3).map(({ doc, coverage }) => ({
          id: index.quotes[doc]!.id,
          coverage: coverage.share,
        })),
        ...(trace.confidence === undefined ? {} : { confidence: trace.confidence }),
      };
      if (top !== undefined && topDoc !== undefined && plan !== undefined) {
        const coverage = explains(index, plan, topDoc, trace.phraseGroups?.get(topDoc));
        explanation.top = {
          id: top.quote.id,
          coverage: coverage.share,
          words: plan.groups.map((g, i) => ({ word: g.label, share: coverage.words[i] ?? 0 })),
          contributions: (trace.contributions.get(topDoc) ?? [])
            .map((c) => ({ ...c, fields: c.kind === 'term' ? fieldsHolding(top.quote, c.what) : [] }))
            .sort((a, b) => b.points - a.points),
        };
      }
      return ok(explanation);
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
