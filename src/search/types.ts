import type { Quote } from '../quotes/schema.js';
import type { Result } from '../result.js';

/** One ranked match. */
export interface SearchHit {
  /** The quote. */
  quote: Quote;
  /** Relevance in (0, 1]; higher is better. Comparable within one query only. */
  score: number;
}

/** Options for one search. */
export interface SearchOptions {
  /** Most hits to return (default 5, at most 50). */
  limit?: number;
  /** Skip this many hits first (for "another match"). */
  offset?: number;
  /** Only quotes with this topic id. */
  topic?: string;
}

/** Why a query could not be searched at all (as opposed to "searched, nothing matched" = ok([])). */
export type SearchRefusal =
  | { reason: 'empty' }
  | { reason: 'too-long'; max: number; length: number }
  | { reason: 'unknown-topic'; topic: string };

/** Finds quotes. Never throws on user input, never hangs. */
export interface QuoteSearch {
  /** Ranked hits, best first; ok([]) when nothing matched. */
  search(query: string, options?: SearchOptions): Result<SearchHit[], SearchRefusal>;
}

/** Longest query the search accepts, in characters after trimming. */
export const MAX_QUERY_LENGTH = 500;
