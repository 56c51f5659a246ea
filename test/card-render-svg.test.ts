// Every quote in every layout through satori, the step where a quote's text can break drawing (an unsupported
// character, a line too long for the box). A file of its own so it runs beside card-render.test.ts, which
// rasterises one card per quote.
import { describe, expect, it } from 'vitest';
import { toQuoteView } from '../src/bot/view.js';
import { layoutFor } from '../src/card/engine.js';
import { loadCardFonts } from '../src/card/fonts.js';
import { CARD_LAYOUTS, CARD_SIZES, CARD_THEMES } from '../src/card/index.js';
import { renderSvg } from '../src/card/render.js';
import { loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';

const corpus = loadCorpus([shippedQuotesDir()]);

describe('quote cards, every one', () => {
  it(
    'every quote in every layout draws to an SVG of the layout’s size, text as outlines',
    { timeout: 120_000 },
    async () => {
      expect(corpus.quotes.length).toBeGreaterThan(60);
      const fonts = loadCardFonts();
      for (const [i, quote] of corpus.quotes.entries()) {
        const view = toQuoteView(quote, corpus);
        for (const layout of CARD_LAYOUTS) {
          // Themes alternate so both are drawn for every layout.
          const theme = CARD_THEMES[i % CARD_THEMES.length]!;
          const svg = await renderSvg(layoutFor(view, { layout, theme, lang: 'both' }), fonts);
          const where = `${quote.id} ${layout}`;
          const { width, height } = CARD_SIZES[layout];
          expect(svg, where).toMatch(new RegExp(`^<svg width="${width}" height="${height}"`));
          // satori turns text into paths; a <text> element would need the fonts to view it.
          expect(svg, where).not.toContain('<text');
          expect(svg, where).toContain('<path');
        }
      }
    },
  );
});
