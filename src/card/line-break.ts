/**
 * Line breaking for card text, Chinese and English alike. Chinese may break between any two characters, except
 * that a line never starts with closing punctuation (。,、」…) and never ends with opening punctuation (「“《):
 * such a mark travels with its neighbour (禁则, kinsoku). English breaks only at spaces; a word too long for a
 * line on its own is split by character.
 */

/** Marks that must not start a line (they close or follow what precedes them). */
export const NO_LINE_START = new Set(
  Array.from(
    '\u3002\uff0c\u3001\uff1b\uff1a\uff1f\uff01\uff09\u300d\u300f\u300b\u3009\u3011\u3015\u3017\u3019' +
      '\u201d\u2019\u2026\u2025\u00b7\u30fb\u30fc\u3005\uff0e\uff5d\uff3d' +
      ',.;:?!)]}%',
  ),
);
/** Marks that must not end a line (they open what follows them). */
export const NO_LINE_END = new Set(
  Array.from('\uff08\u300c\u300e\u300a\u3008\u3010\u3014\u3016\u3018\u201c\u2018\uff5b\uff3b([{'),
);

const WIDE =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014]/u;
const SPACE = /\s/u;

/** Width of a string in the unit the caller wants (pixels on a card). */
export type Measure = (text: string) => number;

interface Group {
  text: string;
  /** A space separated it from the previous group (kept inside a line, dropped at a break). */
  spaced: boolean;
}

/** Splits text into unbreakable groups: a Chinese character or an English word, with its kinsoku neighbours. */
export function breakGroups(text: string): Group[] {
  const atoms: Group[] = [];
  let spaced = false;
  let word = '';
  const flushWord = (): void => {
    if (word) atoms.push({ text: word, spaced });
    if (word) spaced = false;
    word = '';
  };
  for (const ch of text) {
    if (SPACE.test(ch)) {
      flushWord();
      spaced = atoms.length > 0;
      continue;
    }
    if (WIDE.test(ch) || NO_LINE_END.has(ch)) {
      flushWord();
      atoms.push({ text: ch, spaced });
      spaced = false;
      continue;
    }
    // Closing ASCII punctuation stays in its word (`AI,`); anything else extends the current word.
    if (!word && spaced === false && atoms.length > 0 && NO_LINE_START.has(ch)) {
      atoms.push({ text: ch, spaced: false });
      continue;
    }
    word += ch;
  }
  flushWord();

  return glue(atoms);
}

/** Joins closing marks to what precedes them and opening marks to what follows, spaces included. */
function glue(atoms: readonly Group[]): Group[] {
  const groups: Group[] = [];
  for (const atom of atoms) {
    const last = groups[groups.length - 1];
    const lastChar = last ? (Array.from(last.text).pop() ?? '') : '';
    const first = Array.from(atom.text)[0] ?? '';
    // Across a space too: `2C ,` must not put the comma at the start of a line either.
    // A two-em dash (——) is one mark: never split across lines.
    const dash = first === '\u2014' && lastChar === '\u2014';
    if (last && (NO_LINE_START.has(first) || NO_LINE_END.has(lastChar) || dash))
      last.text += `${atom.spaced ? ' ' : ''}${atom.text}`;
    else groups.push({ ...atom });
  }
  return groups;
}

/** Breaks `text` into lines no wider than `maxWidth` (a group wider than a whole line is split by character). */
export function breakLines(text: string, maxWidth: number, measure: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  for (const group of breakGroups(text)) {
    const candidate = line === '' ? group.text : `${line}${group.spaced ? ' ' : ''}${group.text}`;
    if (measure(candidate) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    if (measure(group.text) <= maxWidth) {
      line = group.text;
      continue;
    }
    // Wider than a whole line (a long word, or a word glued to its punctuation): split it by character,
    // still keeping each mark with its neighbour.
    for (const piece of glue(Array.from(group.text, (ch) => ({ text: ch, spaced: false })))) {
      if (line !== '' && measure(line + piece.text) > maxWidth) {
        lines.push(line);
        line = '';
      }
      line += piece.text;
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => l.trim()).filter((l) => l !== '');
}

/** Lines that break the kinsoku rules (for tests and the renderer's own check): empty when all is well. */
export function kinsokuViolations(lines: readonly string[]): string[] {
  const bad: string[] = [];
  lines.forEach((line, i) => {
    const chars = Array.from(line);
    if (i > 0 && NO_LINE_START.has(chars[0] ?? '')) bad.push(`line ${i + 1} starts with ${chars[0]}`);
    if (i < lines.length - 1 && NO_LINE_END.has(chars[chars.length - 1] ?? ''))
      bad.push(`line ${i + 1} ends with ${chars[chars.length - 1]}`);
  });
  return bad;
}
