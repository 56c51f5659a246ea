// Every quote through satori, the step where a quote's text can break drawing (a character it cannot shape, a
// line it would not place): a file of its own, so it runs beside card-render.test.ts. The card's size depends on
// the layout alone, and every quote fits every layout (card-render.test.ts lays each one out in each), so each
// quote is drawn once here, the layouts and themes taking turns.
import { describe, expect, it } from 'vitest';
import { toQuoteView } from '../src/bot/view.js';
import { layoutFor } from '../src/card/engine.js';
import { loadCardFonts } from '../src/card/fonts.js';
import { CARD_LAYOUTS, CARD_SIZES, CARD_THEMES } from '../src/card/index.js';
import { renderSvg } from '../src/card/render.js';
import { loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';

const corpus = loadCorpus([shippedQuotesDir()]);

describe('quote cards, every one', () => {
  it('every quote draws to an SVG of its layout’s size, text as outlines', { timeout: 120_000 }, async () => {
    expect(corpus.quotes.length).toBeGreaterThan(60);
    const fonts = loadCardFonts();
    const drawn = new Set<string>();
    for (const [i, quote] of corpus.quotes.entries()) {
      const layout = CARD_LAYOUTS[i % CARD_LAYOUTS.length]!;
      const theme = CARD_THEMES[Math.floor(i / CARD_LAYOUTS.length) % CARD_THEMES.length]!;
      const svg = await renderSvg(
        layoutFor(toQuoteView(quote, corpus), { layout, theme, lang: 'both' }),
        fonts,
      );
      const where = `${quote.id} ${layout} ${theme}`;
      const { width, height } = CARD_SIZES[layout];
      expect(svg, where).toMatch(new RegExp(`^<svg width="${width}" height="${height}"`));
      // satori turns text into paths; a <text> element would need the fonts to view it.
      expect(svg, where).not.toContain('<text');
      expect(svg, where).toContain('<path');
      drawn.add(`${layout} ${theme}`);
    }
    expect(drawn.size).toBe(CARD_LAYOUTS.length * CARD_THEMES.length);
  });
});
