import type { Lang } from '../bot/reply.js';
import type { FontMetrics } from './font-file.js';
import { breakLines } from './line-break.js';
import type { CardContent } from './text.js';

/** Card shapes: landscape for link previews, portrait for phones, square for feeds. */
export type CardLayout = 'landscape' | 'portrait' | 'square';
/** Paper (light) or ink (dark). */
export type CardTheme = 'light' | 'dark';
export const CARD_LAYOUTS: readonly CardLayout[] = ['landscape', 'portrait', 'square'];
export const CARD_THEMES: readonly CardTheme[] = ['light', 'dark'];

/** Pixel size of each layout. */
export const CARD_SIZES: Readonly<Record<CardLayout, { width: number; height: number }>> = Object.freeze({
  landscape: { width: 1200, height: 675 },
  portrait: { width: 1080, height: 1350 },
  square: { width: 1080, height: 1080 },
});

interface Geometry {
  pad: number;
  /** Largest and smallest size of the main text; long quotes shrink towards the smallest. */
  mainMax: number;
  mainMin: number;
  context: number;
  footer: number;
  id: number;
  seal: number;
}

const GEOMETRY: Readonly<Record<CardLayout, Geometry>> = Object.freeze({
  landscape: { pad: 64, mainMax: 72, mainMin: 26, context: 21, footer: 21, id: 16, seal: 44 },
  portrait: { pad: 88, mainMax: 96, mainMin: 30, context: 27, footer: 26, id: 20, seal: 56 },
  square: { pad: 80, mainMax: 88, mainMin: 28, context: 25, footer: 24, id: 18, seal: 52 },
});

/** Colours of a theme. */
export interface Palette {
  background: string;
  ink: string;
  muted: string;
  faint: string;
  rule: string;
  accent: string;
  onAccent: string;
}

export const PALETTES: Readonly<Record<CardTheme, Palette>> = Object.freeze({
  light: {
    background: 'linear-gradient(160deg, #FBF8F1 0%, #F1EADC 100%)',
    ink: '#1E1A16',
    muted: '#5F574D',
    faint: '#9A9082',
    rule: '#D8CDBA',
    accent: '#B23A2B',
    onAccent: '#FBF8F1',
  },
  dark: {
    background: 'linear-gradient(160deg, #1D2027 0%, #121419 100%)',
    ink: '#F2EBDD',
    muted: '#B9B0A0',
    faint: '#7A7468',
    rule: '#363941',
    accent: '#C8A35B',
    onAccent: '#15171C',
  },
});

const MAIN_LINE_HEIGHT = { zh: 1.5, en: 1.38 };
const SECOND_LINE_HEIGHT = 1.45;
const CONTEXT_LINE_HEIGHT = 1.5;
const CONTEXT_MAX_LINES = 2;
/** The translation under a Chinese quote, relative to the quote's size. */
const SECOND_RATIO = 0.44;
const SECOND_MIN = { landscape: 19, portrait: 24, square: 22 } as const;
const ZH_TRACKING = 0.02;

/** One block of text, already broken into lines. */
export interface TextBlock {
  lines: string[];
  size: number;
  lineHeight: number;
  /** Extra space between characters, px. */
  tracking: number;
  font: 'quote' | 'body';
}

/** Everything the renderer draws, decided here so tests can check it without rendering. */
export interface CardModel {
  layout: CardLayout;
  theme: CardTheme;
  lang: Lang;
  width: number;
  height: number;
  pad: number;
  palette: Palette;
  /** The question or lead, small, above the quote. */
  context: TextBlock;
  /** The quote, large. */
  main: TextBlock;
  /** The translation under it (lang both). */
  second?: TextBlock;
  /** Gap between main and second. */
  gap: number;
  /** Attribution and id; stacked (id under the attribution) when one line cannot hold both. */
  footer: { attribution: string; id: string; size: number; idSize: number; stacked: boolean };
  seal: number;
  /** False only if the smallest type still overflows (a test asserts this never happens). */
  fits: boolean;
  /** Height the main and second blocks need, and the height they have. */
  used: number;
  available: number;
}

/** Measures strings in one font at one size. */
export function measurer(metrics: FontMetrics, size: number, tracking = 0) {
  return (text: string): number => {
    let em = 0;
    let n = 0;
    for (const ch of text) {
      em += metrics.advance(ch.codePointAt(0) ?? 0) ?? 1;
      n++;
    }
    return em * size + tracking * n;
  };
}

const blockHeight = (b: TextBlock | undefined): number => (b ? b.lines.length * b.size * b.lineHeight : 0);

/** Breaks `text` to `width` in a font, keeping at most `maxLines` (the last one ending in …). */
function clamp(text: string, width: number, metrics: FontMetrics, size: number, maxLines: number): string[] {
  const measure = measurer(metrics, size);
  const lines = breakLines(text, width, measure);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1] ?? '';
  while (last.length > 0 && measure(`${last}…`) > width) last = Array.from(last).slice(0, -1).join('');
  kept[maxLines - 1] = `${last.trimEnd()}…`;
  return kept;
}

/** Lays out a card: picks the largest type that fits and breaks every line. */
export function layoutCard(
  content: CardContent,
  options: { layout: CardLayout; theme: CardTheme; lang: Lang },
  fonts: { quote: FontMetrics; body: FontMetrics },
): CardModel {
  const { layout, theme, lang } = options;
  const { width, height } = CARD_SIZES[layout];
  const g = GEOMETRY[layout];
  const inner = width - 2 * g.pad;
  // The seal sits top right; the context line keeps clear of it.
  const contextWidth = inner - g.seal - 24;
  const contextText =
    lang === 'en'
      ? `${content.contextIsQuestion ? 'Q: ' : ''}${content.context.en}`
      : `${content.contextIsQuestion ? '问\uff1a' : ''}${content.context.zh}`;
  const context: TextBlock = {
    lines: clamp(contextText, contextWidth, fonts.body, g.context, CONTEXT_MAX_LINES),
    size: g.context,
    lineHeight: CONTEXT_LINE_HEIGHT,
    tracking: 0,
    font: 'body',
  };
  const contextHeight = Math.max(blockHeight(context), g.seal);
  const attribution = content.attribution[lang];
  const stacked =
    measurer(fonts.body, g.footer)(attribution) + measurer(fonts.body, g.id, 0.5)(content.id) + 32 > inner;
  // rule + gap + one line, or two when stacked
  const footerHeight = g.footer * 1.4 + 28 + (stacked ? g.id * 1.4 + 6 : 0);
  const available = height - 2 * g.pad - contextHeight - footerHeight - 2 * Math.round(g.pad * 0.5);

  const mainText = lang === 'en' ? content.en : content.zh;
  const mainLineHeight = lang === 'en' ? MAIN_LINE_HEIGHT.en : MAIN_LINE_HEIGHT.zh;
  let chosen: { main: TextBlock; second?: TextBlock; gap: number; used: number } | undefined;
  for (let size = g.mainMax; size >= g.mainMin; size -= 2) {
    const tracking = lang === 'en' ? 0 : Math.round(size * ZH_TRACKING * 10) / 10;
    const mainFont = lang === 'en' ? fonts.body : fonts.quote;
    const main: TextBlock = {
      lines: breakLines(mainText, inner, measurer(mainFont, size, tracking)),
      size,
      lineHeight: mainLineHeight,
      tracking,
      font: lang === 'en' ? 'body' : 'quote',
    };
    let second: TextBlock | undefined;
    let gap = 0;
    if (lang === 'both') {
      const secondSize = Math.max(SECOND_MIN[layout], Math.round(size * SECOND_RATIO));
      second = {
        lines: breakLines(content.en, inner, measurer(fonts.body, secondSize)),
        size: secondSize,
        lineHeight: SECOND_LINE_HEIGHT,
        tracking: 0,
        font: 'body',
      };
      gap = Math.round(size * 0.55);
    }
    const used = blockHeight(main) + gap + blockHeight(second);
    chosen = { main, second, gap, used };
    if (used <= available) break;
  }
  const picked = chosen as { main: TextBlock; second?: TextBlock; gap: number; used: number };
  return {
    layout,
    theme,
    lang,
    width,
    height,
    pad: g.pad,
    palette: PALETTES[theme],
    context,
    main: picked.main,
    ...(picked.second ? { second: picked.second } : {}),
    gap: picked.gap,
    footer: { attribution, id: content.id, size: g.footer, idSize: g.id, stacked },
    seal: g.seal,
    fits: picked.used <= available,
    used: picked.used,
    available,
  };
}
