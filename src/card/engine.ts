// Loaded on the first card only (see index.ts): the fonts, satori and resvg.
import type { QuoteView } from '../bot/reply.js';
import { loadCardFonts } from './fonts.js';
import type { CardImage, CardOptions } from './index.js';
import { layoutCard, type CardModel } from './layout.js';
import { renderPng } from './render.js';
import { cardContentOf } from './text.js';

/** Lays out one card with the shipped fonts. */
export function layoutFor(view: QuoteView, options: Required<CardOptions>): CardModel {
  const fonts = loadCardFonts();
  return layoutCard(cardContentOf(view), options, { quote: fonts.quote.metrics, body: fonts.body.metrics });
}

/** Lays out and draws one card. */
export async function renderCard(view: QuoteView, options: Required<CardOptions>): Promise<CardImage> {
  const model = layoutFor(view, options);
  const png = await renderPng(model, loadCardFonts());
  const alt = options.lang === 'en' ? view.en : options.lang === 'zh' ? view.text : `${view.text} ${view.en}`;
  return {
    png,
    width: model.width,
    height: model.height,
    quoteId: view.id,
    ...options,
    filename: `mingyan-${view.id}${options.layout === 'landscape' ? '' : `-${options.layout}`}${options.theme === 'dark' ? '-dark' : ''}.png`,
    alt: `${alt} — ${view.attribution.speaker.en}`,
  };
}
