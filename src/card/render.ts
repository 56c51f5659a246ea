// The heavy half of the card renderer: satori (layout to SVG, text as paths) and resvg (SVG to PNG). Imported
// only on the first card (see index.ts), so starting the bot or running other CLI commands never loads it.
import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import type { CardModel, TextBlock } from './layout.js';
import type { CardFonts } from './fonts.js';

/** A satori element: the same shape as a React element, without React. */
interface Node {
  type: string;
  props: { style?: Record<string, unknown>; children?: (Node | string)[] | Node | string };
}

const h = (style: Record<string, unknown>, children?: (Node | string)[] | string): Node => ({
  type: 'div',
  props: { style: { display: 'flex', ...style }, ...(children !== undefined ? { children } : {}) },
});

const FAMILY = 'Noto Serif SC';

function block(b: TextBlock, color: string, extra: Record<string, unknown> = {}): Node {
  return h(
    { flexDirection: 'column', ...extra },
    b.lines.map((line) =>
      h(
        {
          fontSize: b.size,
          lineHeight: b.lineHeight,
          letterSpacing: b.tracking,
          fontWeight: b.font === 'quote' ? 600 : 400,
          color,
          whiteSpace: 'pre',
        },
        line,
      ),
    ),
  );
}

/** The card as satori elements. */
export function cardElement(model: CardModel): Node {
  const p = model.palette;
  const gapY = Math.round(model.pad * 0.5);
  const seal = h(
    {
      width: model.seal,
      height: model.seal,
      flexShrink: 0,
      flexDirection: 'column',
      alignItems: 'center',
      justifyContent: 'center',
      backgroundColor: p.accent,
      borderRadius: Math.round(model.seal * 0.12),
      color: p.onAccent,
      fontWeight: 600,
      fontSize: Math.round(model.seal * 0.4),
      lineHeight: 1.05,
    },
    [h({}, '名'), h({}, '言')],
  );
  return h(
    {
      width: model.width,
      height: model.height,
      boxSizing: 'border-box',
      flexDirection: 'column',
      padding: model.pad,
      backgroundImage: p.background,
      fontFamily: FAMILY,
      position: 'relative',
    },
    [
      h({
        position: 'absolute',
        left: 0,
        top: 0,
        bottom: 0,
        width: Math.round(model.pad * 0.14),
        backgroundColor: p.accent,
      }),
      h({ flexDirection: 'row', justifyContent: 'space-between', alignItems: 'flex-start' }, [
        block(model.context, p.muted, { maxWidth: model.width - 2 * model.pad - model.seal - 24 }),
        seal,
      ]),
      h(
        {
          flexGrow: 1,
          flexDirection: 'column',
          justifyContent: 'center',
          marginTop: gapY,
          marginBottom: gapY,
        },
        [
          block(model.main, p.ink),
          ...(model.second ? [block(model.second, p.muted, { marginTop: model.gap })] : []),
        ],
      ),
      h({ flexDirection: 'column' }, [
        h({ width: Math.round(model.pad * 1.2), height: 2, backgroundColor: p.accent, marginBottom: 26 }),
        h(
          model.footer.stacked
            ? { flexDirection: 'column', alignItems: 'flex-start' }
            : { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'flex-end' },
          [
            h(
              { fontSize: model.footer.size, color: p.ink, lineHeight: 1.4, whiteSpace: 'nowrap' },
              model.footer.attribution,
            ),
            h(
              {
                fontSize: model.footer.idSize,
                color: p.faint,
                lineHeight: 1.4,
                letterSpacing: 0.5,
                whiteSpace: 'nowrap',
                ...(model.footer.stacked ? { marginTop: 6 } : {}),
              },
              model.footer.id,
            ),
          ],
        ),
      ]),
    ],
  );
}

/** Fonts in satori's form; one array for the process, so satori parses each font once. */
let satoriFonts: { fonts: CardFonts; list: Parameters<typeof satori>[1]['fonts'] } | undefined;

function fontList(fonts: CardFonts): Parameters<typeof satori>[1]['fonts'] {
  if (satoriFonts?.fonts === fonts) return satoriFonts.list;
  const list = [
    { name: FAMILY, data: fonts.body.data, weight: 400 as const, style: 'normal' as const },
    { name: FAMILY, data: fonts.quote.data, weight: 600 as const, style: 'normal' as const },
  ];
  satoriFonts = { fonts, list };
  return list;
}

/** Renders a laid-out card to an SVG (text as outlines, so no font is needed to view it). */
export async function renderSvg(model: CardModel, fonts: CardFonts): Promise<string> {
  return satori(cardElement(model) as unknown as Parameters<typeof satori>[0], {
    width: model.width,
    height: model.height,
    fonts: fontList(fonts),
  });
}

/** Renders a laid-out card to PNG bytes. */
export async function renderPng(model: CardModel, fonts: CardFonts): Promise<Buffer> {
  const svg = await renderSvg(model, fonts);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'original' },
    font: { loadSystemFonts: false },
    background: 'rgba(0,0,0,0)',
  });
  return resvg.render().asPng();
}
