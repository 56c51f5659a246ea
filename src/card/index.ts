import type { Lang, QuoteView } from '../bot/reply.js';
import type * as EngineModule from './engine.js';
import type { CardLayout, CardModel, CardTheme } from './layout.js';

type Engine = typeof EngineModule;

export type { CardLayout, CardTheme } from './layout.js';
export { CARD_LAYOUTS, CARD_THEMES, CARD_SIZES } from './layout.js';

/** How a card should look; landscape, light, both languages by default. */
export interface CardOptions {
  layout?: CardLayout;
  theme?: CardTheme;
  lang?: Lang;
}

/** A rendered card. */
export interface CardImage {
  /** PNG bytes. */
  png: Buffer;
  /** Pixel size. */
  width: number;
  height: number;
  /** What was rendered. */
  quoteId: string;
  layout: CardLayout;
  theme: CardTheme;
  lang: Lang;
  /** A file name for uploads, e.g. `mingyan-poverty-limits-imagination.png`. */
  filename: string;
  /** Alternative text for the image: the quote as text. */
  alt: string;
}

/** Renders quote cards, each (quote, layout, theme, lang) once per process while it stays in the cache. */
export interface CardRenderer {
  /** The card of a quote; rejects only if the fonts are missing or the renderer fails. */
  render(view: QuoteView, options?: CardOptions): Promise<CardImage>;
  /** The laid-out card without drawing it (lines, sizes, whether it fits): for tests and checks. */
  layout(view: QuoteView, options?: CardOptions): Promise<CardModel>;
}

/** Cards kept in memory; a landscape card is about 60-250 KB. */
const DEFAULT_CACHE_SIZE = 128;

/** Full options with the defaults filled in. */
export function cardOptions(options: CardOptions = {}): Required<CardOptions> {
  return {
    layout: options.layout ?? 'landscape',
    theme: options.theme ?? 'light',
    lang: options.lang ?? 'both',
  };
}

/**
 * Creates a renderer. Nothing heavy happens here: satori, resvg and the fonts load on the first render, so the
 * bot and the CLI start as fast without cards as before.
 */
export function createCardRenderer(options: { cacheSize?: number } = {}): CardRenderer {
  const max = options.cacheSize ?? DEFAULT_CACHE_SIZE;
  const cache = new Map<string, Promise<CardImage>>();
  let engine: Promise<Engine> | undefined;
  const load = (): Promise<Engine> => (engine ??= import('./engine.js'));

  return {
    async layout(view, opts) {
      return (await load()).layoutFor(view, cardOptions(opts));
    },
    render(view, opts) {
      const o = cardOptions(opts);
      const key = `${view.id}|${o.layout}|${o.theme}|${o.lang}`;
      const hit = cache.get(key);
      if (hit) {
        // Least recently used goes first: re-inserting moves the key to the end.
        cache.delete(key);
        cache.set(key, hit);
        return hit;
      }
      const made = load().then((e) => e.renderCard(view, o));
      cache.set(key, made);
      made.catch(() => cache.delete(key));
      while (cache.size > max) {
        const oldest = cache.keys().next().value;
        if (oldest === undefined) break;
        cache.delete(oldest);
      }
      return made;
    },
  };
}
