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

/** Why a search answered what it did: `mingyan search --explain`. */
export interface Explanation {
  /** The hits, as search returns them. */
  hits: SearchHit[];
  /** True when the query asks something (a question word, 怎么看, "advice"), so questions quotes answer count. */
  asksSomething: boolean;
  /** The query's content words and how much each weighs (fillers and question words are not among them). */
  words: Array<{ word: string; mass: number }>;
  /** Index terms that add to a match but cannot make one (fillers, question words, stray characters). */
  weak: string[];
  /** The top hit, with how much of each content word it explains and every contribution to its score. */
  top?: {
    id: string;
    /** Share of the query's content (by mass) the quote explains. */
    coverage: number;
    words: Array<{ word: string; share: number }>;
    contributions: Array<{
      kind: 'term' | 'phrase' | 'question';
      what: string;
      points: number;
      /** For a term: the quote's fields holding it (text, en, keywords, question, topics, asks, pinyin). */
      fields: string[];
    }>;
  };
  /** Quotes that scored but explained too little of the query to be an answer. */
  turnedDown: Array<{ id: string; coverage: number }>;
  /** The top hit's score as a share of what a quote matching everything would score. */
  confidence?: number;
}
