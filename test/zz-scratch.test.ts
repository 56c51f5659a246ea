import { it } from 'vitest';
import { createQuoteSearch } from '../src/search/index.js';
// @ts-expect-error scratch
import { QUOTES } from './search-fixture-scratch.js';
it('x', () => {
  const s = createQuoteSearch(QUOTES);
  for (const q of ['欲速则不到', 'train at the same time']) {
    const e = s.explain(q, { limit: 3 });
    console.log(JSON.stringify(e.ok && { hits: e.value.hits.map((h) => h.quote.id), words: e.value.words, top: e.value.top, down: e.value.turnedDown, c: e.value.confidence }, null, 0));
  }
});
