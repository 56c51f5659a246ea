import { toQuoteView } from '../bot/view.js';
import type { Corpus, LoadIssue } from '../quotes/corpus.js';
import { loadCardFonts, missingGlyphs, REGENERATE_HINT, type CardFonts } from './fonts.js';
import { cardTextsOf } from './text.js';

/**
 * Quotes with characters the card fonts cannot draw (satori would leave a blank where they go), one issue per
 * quote and field, naming the characters and how to fix it. Reads the font files, not the renderer.
 */
export function cardGlyphIssues(corpus: Corpus, fonts: CardFonts = loadCardFonts()): LoadIssue[] {
  const issues: LoadIssue[] = [];
  for (const quote of corpus.quotes) {
    const file = corpus.sources.get(quote.sourceId)?.file ?? quote.sourceId;
    for (const { field, text } of cardTextsOf(toQuoteView(quote, corpus))) {
      // The quote itself is set in the quote font; everything else in the body font.
      const metrics = field === 'text' ? fonts.quote.metrics : fonts.body.metrics;
      const missing = missingGlyphs(text, metrics);
      if (missing.length === 0) continue;
      issues.push({
        file,
        quoteId: quote.id,
        field,
        message: `the card font has no glyph for ${missing.map((c) => `“${c}”`).join(' ')}: ${REGENERATE_HINT}`,
      });
    }
  }
  return issues;
}
