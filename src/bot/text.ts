/** Curly and full-width quotation marks that users paste from chat apps and IMEs. */
const QUOTE_PAIRS: readonly (readonly [string, string])[] = [
  ['"', '"'],
  ["'", "'"],
  ['\u201c', '\u201d'], // “ ”
  ['\u2018', '\u2019'], // ‘ ’
  ['\u300c', '\u300d'], // 「 」
  ['\u300e', '\u300f'], // 『 』
  ['\u00ab', '\u00bb'], // « »
];

// ANSI escape sequences: CSI (`ESC [ ... m`, also the one-byte C1 CSI), OSC (`ESC ] ... BEL` or `ESC ] ... ESC \\`),
// and two-byte escapes (`ESC c`). Stripped whole, so no `[31m` is left behind.
const ANSI_ESCAPE =
  // eslint-disable-next-line no-control-regex -- matching escape sequences is the point
  /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -/]*[0-~]?/g;
// C0 and C1 control characters, DEL included; white space among them is turned into spaces first.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;

/**
 * Text without terminal escape sequences or control characters: tabs and line breaks become spaces,
 * everything else is removed. What a terminal or a chat message may safely show of untrusted text.
 */
export function stripControls(text: string): string {
  return text
    .replace(ANSI_ESCAPE, '')
    .replace(/[\t\n\v\f\r\x85]/g, ' ')
    .replace(CONTROL, '');
}

/**
 * Canonical form of user input: NFKC (full-width letters, digits, `：` and the ideographic space become
 * ASCII), escape sequences and control characters removed, curly quotes straightened, every run of
 * whitespace (zero-width ones too) one space, trimmed.
 */
export function normalizeInput(text: string): string {
  return stripControls(text.normalize('NFKC'))
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\s\u200b\u2060\ufeff]+/gu, ' ')
    .trim();
}

/** Removes one pair of wrapping quotation marks (`"贫穷"`, `「AGI」`), which people type around a query. */
export function stripWrappingQuotes(text: string): string {
  const t = text.trim();
  for (const [open, close] of QUOTE_PAIRS) {
    if (t.length >= 2 && t.startsWith(open) && t.endsWith(close))
      return t.slice(open.length, -close.length).trim();
  }
  return t;
}

/** Edit distance counting a swap of two neighbours as one edit (so `tpoic` is one edit from `topic`). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = d[i];
      if (row) row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** Cuts `text` to at most `max` characters (code points, never half a surrogate pair), ending in `…`. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 1) return chars.slice(0, max).join('');
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}
