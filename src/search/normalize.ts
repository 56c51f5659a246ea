import OpenCC from 'opencc-js';

/** Converts traditional Chinese to simplified; built on first use because loading the dictionary takes ~15 ms. */
let t2sConverter: ((text: string) => string) | undefined;
function toSimplified(text: string): string {
  const convert = (t2sConverter ??= OpenCC.Converter({ from: 't', to: 'cn' }));
  return convert(text);
}

// Stryker disable all: a module-level table (data, as the stop words and Porter's tables are), not counted in
// mutation scores, as Stryker's static mutants are not; the search tests re-import this module (test/per-file.ts).
/** True when the text holds a CJK ideograph, so the (slow-ish) converter is skipped for pure ASCII queries. */
const HAS_HAN = /\p{Script=Han}/u;
/** Zero-width and other invisible format characters (ZWSP, ZWJ, BOM, bidi marks, soft hyphen). */
const FORMAT_CHARS = /\p{Cf}/gu;
/** Control characters and line/paragraph separators become word breaks. */
const CONTROL_CHARS = /[\p{Cc}\p{Zl}\p{Zp}]/gu;
/** Everything that is neither a letter nor a digit (punctuation, symbols, emoji) becomes a word break. */
const NON_WORD = /[^\p{L}\p{N}]+/gu;
const PRINTABLE_ASCII = /^[ -~]*$/;
/** Latin letters with accents or tone marks, or combining marks: only these need the NFD round trip. */
const MAY_HAVE_MARKS = /[\u00c0-\u024f\u1e00-\u1eff\p{M}]/u;
const ASCII_NON_WORD = /[^a-z0-9]+/g;
const COMBINING_MARKS = /\p{M}+/gu;
const U_DIAERESIS = /u\u0308/g;
// Stryker restore all

/**
 * The one normal form that both quotes and queries are compared in: NFKC (full-width to half-width),
 * invisible characters removed, traditional to simplified, case-folded, accents and tone marks dropped
 * (ü written as v, as pinyin keyboards do), punctuation and symbols turned into single spaces.
 */
export function normalizeText(input: string): string {
  // Printable ASCII (most English and pinyin) needs none of the Unicode steps.
  if (PRINTABLE_ASCII.test(input)) return input.toLowerCase().replace(ASCII_NON_WORD, ' ').trim();
  let s = input.normalize('NFKC').replace(FORMAT_CHARS, '').replace(CONTROL_CHARS, ' ');
  if (HAS_HAN.test(s)) s = toSimplified(s);
  s = s.toLowerCase();
  // Decomposed, ü (with or without a tone mark: ǖ ǘ ǚ ǜ) is u + diaeresis + maybe a tone mark.
  if (MAY_HAVE_MARKS.test(s))
    s = s.normalize('NFD').replace(U_DIAERESIS, 'v').replace(COMBINING_MARKS, '').normalize('NFC');
  return s.replace(NON_WORD, ' ').trim();
}

/** One stretch of a normalised text: a run of Chinese characters or a single word of another script. */
export interface Run {
  /** 'han' for Chinese characters, 'word' for a space-free run of letters or digits. */
  kind: 'han' | 'word';
  /** The run's text, already normalised. */
  text: string;
}

/** True for code points of the Han script (the ranges of Unicode's Script=Han, checked without a regex). */
export function isHanCodePoint(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x3ffff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2e80 && cp <= 0x2fdf) ||
    cp === 0x3005 ||
    cp === 0x3007 ||
    (cp >= 0x3021 && cp <= 0x3029) ||
    (cp >= 0x3038 && cp <= 0x303b)
  );
}

/** Splits a normalised text into Chinese runs and words, in order (a hand-written scanner: this is a hot path). */
export function splitRuns(normalized: string): Run[] {
  const runs: Run[] = [];
  let start = 0;
  let kind: Run['kind'] | undefined;
  const flush = (end: number): void => {
    if (kind !== undefined && end > start) runs.push({ kind, text: normalized.slice(start, end) });
  };
  for (let i = 0; i < normalized.length;) {
    const cp = normalized.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    const next: Run['kind'] | undefined = cp === 0x20 ? undefined : isHanCodePoint(cp) ? 'han' : 'word';
    if (next !== kind) {
      flush(i);
      start = i;
      kind = next;
    }
    i += width;
  }
  flush(normalized.length);
  return runs;
}
