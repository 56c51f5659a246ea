/**
 * `npm run bench:card`: quote card rendering on this machine. The first card in a process (loading satori,
 * resvg and the fonts), then p50/p99 of a first render of each (quote, layout) — what a Share or a daily
 * card costs before the cache has it — and of a cached card. Targets: first render p50 <= 300 ms, cached <= 5 ms.
 *
 *   npm run bench:card [-- --quick]
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { toQuoteView } from '../src/bot/view.js';
import { cardFontsDir } from '../src/card/fonts.js';
import { CARD_LAYOUTS, createCardRenderer, type CardLayout } from '../src/card/index.js';
import { loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';
import { ms, quantile, table } from './stats.js';

const quick = process.argv.includes('--quick');
const corpus = loadCorpus([shippedQuotesDir()]);
const views = corpus.quotes.map((q) => toQuoteView(q, corpus));
const renderer = createCardRenderer({ cacheSize: 10_000 });

const time = async (fn: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};

const cold = await time(() => renderer.render(views[0]!));

const perQuote = quick ? 12 : 40;
// Spread over the corpus so short and long quotes both count.
const sample = Array.from({ length: perQuote }, (_, i) => views[Math.floor((i * views.length) / perQuote)]!);
const first: Record<CardLayout, number[]> = { landscape: [], portrait: [], square: [] };
for (const layout of CARD_LAYOUTS)
  for (const view of sample) {
    if (layout === 'landscape' && view === views[0]) continue; // drawn above
    first[layout].push(await time(() => renderer.render(view, { layout })));
  }
const allFirst = Object.values(first).flat();

const cached: number[] = [];
const rounds = quick ? 500 : 5000;
for (let i = 0; i < rounds; i++) {
  const view = sample[i % sample.length]!;
  cached.push(await time(() => renderer.render(view, { layout: CARD_LAYOUTS[i % 3] })));
}

const fonts = readdirSync(cardFontsDir())
  .filter((f) => /\.(ttf|otf|woff)$/.test(f))
  .map((f) => ({ f, size: statSync(join(cardFontsDir(), f)).size }));
const fontBytes = fonts.reduce((n, x) => n + x.size, 0);

console.log(
  `quote cards, ${sample.length} quotes × ${CARD_LAYOUTS.length} layouts (wall clock; a busy machine reads higher)\n`,
);
console.log(
  table([
    ['', 'p50 ms', 'p99 ms', 'n', 'target'],
    ['first card in a process (loads satori, resvg, fonts)', ms(cold), '', '1', ''],
    [
      'first render, all layouts',
      ms(quantile(allFirst, 0.5)),
      ms(quantile(allFirst, 0.99)),
      String(allFirst.length),
      '<= 300 ms p50',
    ],
    ...CARD_LAYOUTS.map((l) => [
      `  ${l}`,
      ms(quantile(first[l], 0.5)),
      ms(quantile(first[l], 0.99)),
      String(first[l].length),
      '',
    ]),
    ['cached', ms(quantile(cached, 0.5)), ms(quantile(cached, 0.99)), String(cached.length), '<= 5 ms p50'],
  ]),
);
console.log(
  `\nshipped fonts: ${fonts.map((x) => `${x.f} ${(x.size / 1024).toFixed(0)} KB`).join(', ')}; ${(fontBytes / 1024 / 1024).toFixed(2)} MB in all (limit 6 MB)`,
);
const ok = quantile(allFirst, 0.5) <= 300 && quantile(cached, 0.5) <= 5 && fontBytes < 6 * 1024 * 1024;
console.log(ok ? 'within targets' : 'OUTSIDE a target (see above)');
