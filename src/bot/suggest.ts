import type { Corpus } from '../quotes/corpus.js';
import type { Quote } from '../quotes/schema.js';
import { MAX_QUERY_LENGTH, type QuoteSearch } from '../search/types.js';
import { normalizeInput, truncate } from './text.js';

/** Discord autocomplete allows 25 choices with names up to 100 characters. */
const MAX_SUGGESTIONS = 25;
const MAX_LABEL = 100;

/**
 * Quotes for a half-typed query, as id plus a label: ids completing the input first (for `context id:`),
 * then search hits; insights when the box is empty. Kept cheap, since it runs on every keystroke.
 */
export function suggestQuotes(
  corpus: Corpus,
  search: QuoteSearch,
  partial: string,
  limit: number,
): { id: string; label: string }[] {
  const n = Math.max(0, Math.min(MAX_SUGGESTIONS, Math.floor(limit)));
  if (n === 0) return [];
  const q = normalizeInput(String(partial ?? ''));
  const picked: Quote[] = [];
  const add = (quote: Quote): void => {
    if (picked.length < n && !picked.includes(quote)) picked.push(quote);
  };
  if (q === '') {
    corpus.quotes.filter((x) => x.insight).forEach(add);
  } else {
    const lower = q.toLowerCase();
    corpus.quotes.filter((x) => x.id.startsWith(lower)).forEach(add);
    const result = Array.from(q).length <= MAX_QUERY_LENGTH ? search.search(q, { limit: n }) : undefined;
    if (result?.ok) result.value.forEach((h) => add(h.quote));
  }
  return picked.map((quote) => ({ id: quote.id, label: truncate(`${quote.text} · ${quote.en}`, MAX_LABEL) }));
}
