/** East Asian wide and full-width ranges (CJK, kana, hangul, full-width forms, common emoji): two columns. */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

/** Columns one character takes in a terminal: 2 for CJK, 0 for combining marks, 1 otherwise. */
export function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp === 0 || /\p{Mn}|\p{Me}|\u200b|\u200d|\ufe0f/u.test(ch)) return 0;
  for (const [lo, hi] of WIDE) if (cp >= lo && cp <= hi) return 2;
  return 1;
}

/** Columns a string takes in a terminal. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

/** Pads with spaces to `width` columns (CJK-aware). */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

// Line-breaking rules (kinsoku): these never start a line, those never end one.
const NO_START = new Set([...'，。、；：！？）」』】》〉”’…,.;:!?)]}%·—']);
const NO_END = new Set([...'（「『【《〈“‘([{']);

interface Piece {
  text: string;
  width: number;
  /** There was white space before it in the source, so a space goes before it mid-line. */
  spaced: boolean;
}

function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let word = '';
  let wordSpaced = false;
  let spaced = false;
  const flush = (): void => {
    if (word) out.push({ text: word, width: displayWidth(word), spaced: wordSpaced });
    word = '';
  };
  for (const ch of text) {
    if (/\s/.test(ch)) {
      flush();
      spaced = true;
      continue;
    }
    if (charWidth(ch) === 2) {
      flush();
      out.push({ text: ch, width: 2, spaced });
    } else {
      if (!word) wordSpaced = spaced;
      word += ch;
    }
    spaced = false;
  }
  flush();
  // Glue punctuation to its neighbour so no line starts with `，` or ends with `「`.
  const glued: Piece[] = [];
  for (const p of out) {
    const prev = glued[glued.length - 1];
    const first = [...p.text][0] ?? '';
    const last = prev ? ([...prev.text].pop() ?? '') : '';
    if (prev && !p.spaced && (NO_START.has(first) || NO_END.has(last))) {
      prev.text += p.text;
      prev.width += p.width;
    } else {
      glued.push({ ...p });
    }
  }
  return glued;
}

/**
 * Wraps one paragraph to `width` columns: between words for Latin text, between any two characters for
 * CJK. A single word longer than the line (a URL) overflows rather than being cut, so it stays usable.
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  const room = Math.max(10, width - displayWidth(indent));
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const p of pieces(text)) {
    const gap = used > 0 && p.spaced ? 1 : 0;
    if (used > 0 && used + gap + p.width > room) {
      lines.push(line);
      line = '';
      used = 0;
    }
    if (used > 0 && p.spaced) {
      line += ' ';
      used += 1;
    }
    line += p.text;
    used += p.width;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines.map((l) => indent + l);
}

/** Narrowest and widest the shell wraps to: below 30 nothing reads well, above 120 lines get hard to follow. */
const MIN_COLUMNS = 30;
const MAX_COLUMNS = 120;

/** A terminal stream: its width, and the 'resize' event Node emits on SIGWINCH. */
interface Resizable {
  columns?: number;
  on?(event: 'resize', listener: () => void): unknown;
  off?(event: 'resize', listener: () => void): unknown;
}

/** The width the shell wraps to, following the terminal when it is resized. */
export interface WidthTracker {
  /** Columns to wrap the next output to. */
  current(): number;
  /** Stops listening for resizes. */
  stop(): void;
}

/**
 * Follows the terminal's width: Node updates `columns` and emits 'resize' on the output stream when the
 * window changes (SIGWINCH), so the next reply is wrapped to the new width. A fixed width (tests, or a
 * width given in options) never changes; without a terminal it is 80.
 */
export function trackWidth(output: unknown, fixed?: number): WidthTracker {
  const clamp = (n: number): number => Math.max(MIN_COLUMNS, Math.min(n, MAX_COLUMNS));
  const stream = output as Resizable;
  const read = (): number => clamp(fixed ?? (stream.columns || 80));
  let width = read();
  const onResize = (): void => {
    width = read();
  };
  if (fixed === undefined) stream.on?.('resize', onResize);
  return {
    current: () => width,
    stop: () => {
      if (fixed === undefined) stream.off?.('resize', onResize);
    },
  };
}
