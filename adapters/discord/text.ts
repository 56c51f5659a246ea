import type { Bilingual } from '../../src/quotes/schema.js';
import type { Lang } from '../../src/bot/reply.js';

/** Discord's hard limits on what a message may carry (an over-long one is refused with 400). */
export const LIMITS = Object.freeze({
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  embedTotal: 6000,
  embedsPerMessage: 10,
  fields: 25,
  buttonLabel: 80,
  buttonsPerRow: 5,
  rows: 5,
  customId: 100,
  choices: 25,
  choiceName: 100,
  threadName: 100,
});

const ELLIPSIS = '…';

/** Shortens to at most `max` UTF-16 units (Discord counts conservatively this way), never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - ELLIPSIS.length;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, cut).trimEnd() + ELLIPSIS;
}

/** The text in the display language; `both` shows Chinese with English below (once if they are equal). */
export function pick(text: Bilingual, lang: Lang, separator = '\n'): string {
  if (lang === 'zh') return text.zh;
  if (lang === 'en') return text.en;
  return text.zh === text.en ? text.zh : `${text.zh}${separator}${text.en}`;
}

/** A short bilingual label such as a field name or button: `问题 · Question`. */
export function label(text: Bilingual, lang: Lang): string {
  return pick(text, lang, ' · ');
}

// Sentence ends in Chinese and English, where a long paragraph may be cut cleanly.
const SENTENCE_END = /(?<=[。！？；!?;…]|[.](?=\s))/u;

/**
 * Splits text into pieces of at most `max` units: between paragraphs first, then between sentences,
 * and only as a last resort inside a sentence.
 */
export function splitText(paragraphs: readonly string[], max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  const push = (part: string, joiner: string): void => {
    if (current === '') current = part;
    else if (current.length + joiner.length + part.length <= max) current += joiner + part;
    else {
      pieces.push(current);
      current = part;
    }
  };
  for (const paragraph of paragraphs) {
    const text = paragraph.trim();
    if (text === '') continue;
    if (text.length <= max) {
      push(text, '\n\n');
      continue;
    }
    let joiner = '\n\n';
    for (const sentence of text.split(SENTENCE_END)) {
      for (let rest = sentence; rest.length > 0;) {
        const part = rest.length <= max ? rest : clipHard(rest, max);
        push(part, joiner);
        joiner = '';
        rest = rest.slice(part.length);
      }
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

function clipHard(text: string, max: number): string {
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
