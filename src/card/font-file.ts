/**
 * Just enough of the TrueType/OpenType format to answer two questions without a font library at run time:
 * which characters a font has a glyph for (cmap), and how wide each one is (hmtx), so the card lays out its own
 * lines (and `validate` can name a character the shipped font cannot draw: satori would draw it as nothing).
 */

/** What the card needs to know about one font file. */
export interface FontMetrics {
  /** Design units per em (advances are divided by it). */
  unitsPerEm: number;
  /** True when the font maps the code point to a real glyph (not .notdef). */
  has(codePoint: number): boolean;
  /** Advance width in em of the code point's glyph, or undefined when the font has none. */
  advance(codePoint: number): number | undefined;
  /** Every code point the font maps. */
  codePoints(): number[];
}

/** Parses cmap (formats 4 and 12), head, hhea and hmtx; throws with a readable message on anything else. */
export function readFontMetrics(data: Uint8Array): FontMetrics {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const tag = view.getUint32(0);
  // 0x00010000 TrueType outlines, 'OTTO' CFF outlines; WOFF and WOFF2 would need decompressing first.
  if (tag !== 0x00010000 && tag !== 0x4f54544f) throw new Error('not a TrueType/OpenType font file');
  const tables = new Map<string, number>();
  const numTables = view.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    const name = String.fromCharCode(
      view.getUint8(rec),
      view.getUint8(rec + 1),
      view.getUint8(rec + 2),
      view.getUint8(rec + 3),
    );
    tables.set(name, view.getUint32(rec + 8));
  }
  const at = (name: string): number => {
    const offset = tables.get(name);
    if (offset === undefined) throw new Error(`font has no ${name} table`);
    return offset;
  };
  const unitsPerEm = view.getUint16(at('head') + 18);
  const numberOfHMetrics = view.getUint16(at('hhea') + 34);
  const hmtx = at('hmtx');
  const glyphs = readCmap(view, at('cmap'));
  const advanceOf = (glyph: number): number =>
    view.getUint16(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1)) / unitsPerEm;
  return {
    unitsPerEm,
    has: (cp) => (glyphs.get(cp) ?? 0) !== 0,
    advance: (cp) => {
      const glyph = glyphs.get(cp) ?? 0;
      return glyph === 0 ? undefined : advanceOf(glyph);
    },
    codePoints: () => [...glyphs.keys()].filter((cp) => glyphs.get(cp) !== 0),
  };
}

/** Code point to glyph id from the best Unicode subtable (format 12 if present, else 4). */
function readCmap(view: DataView, cmap: number): Map<number, number> {
  const count = view.getUint16(cmap + 2);
  let format4: number | undefined;
  let format12: number | undefined;
  for (let i = 0; i < count; i++) {
    const rec = cmap + 4 + i * 8;
    const platform = view.getUint16(rec);
    const encoding = view.getUint16(rec + 2);
    const sub = cmap + view.getUint32(rec + 4);
    const format = view.getUint16(sub);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12) format12 ??= sub;
    if (format === 4) format4 ??= sub;
  }
  const map = new Map<number, number>();
  if (format12 !== undefined) {
    const groups = view.getUint32(format12 + 12);
    for (let g = 0; g < groups; g++) {
      const rec = format12 + 16 + g * 12;
      const start = view.getUint32(rec);
      const end = view.getUint32(rec + 4);
      const glyph = view.getUint32(rec + 8);
      for (let cp = start; cp <= end; cp++) map.set(cp, glyph + (cp - start));
    }
    return map;
  }
  if (format4 === undefined) throw new Error('font has no Unicode cmap (format 4 or 12)');
  const segX2 = view.getUint16(format4 + 6);
  const ends = format4 + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  for (let s = 0; s < segX2; s += 2) {
    const end = view.getUint16(ends + s);
    const start = view.getUint16(starts + s);
    const delta = view.getInt16(deltas + s);
    const rangeOffset = view.getUint16(rangeOffsets + s);
    for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (cp + delta) & 0xffff;
      else {
        const g = view.getUint16(rangeOffsets + s + rangeOffset + 2 * (cp - start));
        glyph = g === 0 ? 0 : (g + delta) & 0xffff;
      }
      map.set(cp, glyph);
    }
  }
  return map;
}
