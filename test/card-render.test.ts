import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Lang } from '../src/bot/reply.js';
import { toQuoteView } from '../src/bot/view.js';
import { cardGlyphIssues } from '../src/card/glyph-check.js';
import { CARD_LAYOUTS, CARD_SIZES, CARD_THEMES, createCardRenderer } from '../src/card/index.js';
import { kinsokuViolations } from '../src/card/line-break.js';
import { loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';
import type { Corpus } from '../src/quotes/corpus.js';
import { imageDifference, pngSize } from './card-helpers.js';

const GOLDEN = fileURLToPath(new URL('./golden/card-poverty-limits-imagination.png', import.meta.url));
const LANGS: Lang[] = ['zh', 'en', 'both'];

let corpus: Corpus;
beforeAll(() => {
  corpus = loadCorpus([shippedQuotesDir()]);
});

describe('quote cards', () => {
  it('the card fonts have a glyph for every character of every quote, question and attribution', () => {
    expect(corpus.quotes.length).toBeGreaterThan(60);
    expect(cardGlyphIssues(corpus)).toEqual([]);
  });

  it('a character the fonts lack is reported with the quote, the field and the fix', () => {
    const quote = { ...corpus.quotes[0]!, text: '龘靐齉' };
    const issues = cardGlyphIssues({ ...corpus, quotes: [quote] });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ quoteId: quote.id, field: 'text' });
    expect(issues[0]?.message).toContain('“龘” “靐” “齉”');
    expect(issues[0]?.message).toContain('npm run fonts');
  });

  it('every quote fits every layout, theme and language, with kinsoku-clean lines', async () => {
    const renderer = createCardRenderer();
    for (const quote of corpus.quotes) {
      const view = toQuoteView(quote, corpus);
      for (const layout of CARD_LAYOUTS)
        for (const lang of LANGS) {
          const model = await renderer.layout(view, { layout, lang });
          const where = `${quote.id} ${layout} ${lang}`;
          expect(model.fits, where).toBe(true);
          expect(kinsokuViolations(model.main.lines), where).toEqual([]);
          expect(model.main.size, where).toBeGreaterThanOrEqual(24);
        }
    }
  });

  it('long quotes get smaller type than short ones', async () => {
    const renderer = createCardRenderer();
    const short = await renderer.layout(toQuoteView(corpus.byId.get('company-must-survive')!, corpus));
    const long = await renderer.layout(toQuoteView(corpus.byId.get('msra-built-unilm')!, corpus));
    expect(long.main.size).toBeLessThan(short.main.size);
  });

  // Every quote is drawn by satori in card-render-svg.test.ts: the text is where a quote can break
  // drawing. Rasterising satori's outlines to PNG does not depend on the quote, so it is checked on every layout
  // in both themes, with the longest quotes (the most outlines).
  it('draws PNGs of each layout’s size, every layout in both themes', { timeout: 120_000 }, async () => {
    const renderer = createCardRenderer();
    const longest = [...corpus.quotes].sort((x, y) => y.text.length - x.text.length);
    const pairs = CARD_LAYOUTS.flatMap((layout) => CARD_THEMES.map((theme) => ({ layout, theme })));
    for (const [i, { layout, theme }] of pairs.entries()) {
      const quote = longest[i]!;
      const card = await renderer.render(toQuoteView(quote, corpus), { layout, theme });
      expect(pngSize(card.png), `${quote.id} ${layout}`).toEqual(CARD_SIZES[layout]);
      expect(card).toMatchObject({ quoteId: quote.id, layout, theme, width: CARD_SIZES[layout].width });
    }
  });

  it('caches per quote, layout, theme and language', async () => {
    const renderer = createCardRenderer({ cacheSize: 2 });
    const view = toQuoteView(corpus.byId.get('poverty-limits-imagination')!, corpus);
    const a = await renderer.render(view);
    expect(await renderer.render(view)).toBe(a);
    const dark = await renderer.render(view, { theme: 'dark' });
    expect(dark).not.toBe(a);
    expect(dark.filename).toBe('mingyan-poverty-limits-imagination-dark.png');
    await renderer.render(view, { lang: 'zh' });
    // Two newer cards pushed the first out of a cache of two.
    expect(await renderer.render(view)).not.toBe(a);
  });

  it('matches the golden card within a tolerance', async () => {
    const view = toQuoteView(corpus.byId.get('poverty-limits-imagination')!, corpus);
    const card = await createCardRenderer().render(view, {
      layout: 'landscape',
      theme: 'light',
      lang: 'both',
    });
    // UPDATE_GOLDEN=1 npx vitest run test/card-render.test.ts rewrites it after an intended change of design.
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, card.png);
    expect(existsSync(GOLDEN), 'the golden card is committed').toBe(true);
    const diff = imageDifference(card.png, readFileSync(GOLDEN));
    expect(diff.sameSize).toBe(true);
    expect(diff.mean).toBeLessThan(1.5);
    expect(diff.changed).toBeLessThan(0.002);
    // The comparison can fail: the same quote with its type one size smaller is well outside the tolerance.
    const zh = await createCardRenderer().render(view, { layout: 'landscape', theme: 'light', lang: 'zh' });
    expect(imageDifference(zh.png, readFileSync(GOLDEN)).changed).toBeGreaterThan(0.002);
  });
});
