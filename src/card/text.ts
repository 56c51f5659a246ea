import { setupOf, type Lang, type QuoteView } from '../bot/reply.js';
import type { Bilingual } from '../quotes/schema.js';

/** What one card shows, in display form; built from a QuoteView so cards and replies never disagree. */
export interface CardContent {
  /** Quote id, printed small in a corner so a reader can look the quote up. */
  id: string;
  /** The Chinese text in display form (see displayChinese); NFKC maps it back to the verbatim text. */
  zh: string;
  /** English translation. */
  en: string;
  /** The small line above the quote: the editor's lead where the quote has one, else the question. */
  context: Bilingual;
  /** Whether `context` is the interviewer's question (prefixed 问 / Q) rather than a lead. */
  contextIsQuestion: boolean;
  /** "— 周明 Zhou Ming · 晚点 LatePost · 2023-04" in the card's language. */
  attribution: Record<Lang, string>;
}

// NFKC (which the corpus applies) turns Chinese full-width punctuation into ASCII. Set in a Chinese line, an
// ASCII comma is a narrow Latin mark that crowds the next character, so the card shows the full-width form
// again; NFKC of the display text is the verbatim text, which test/card-text.test.ts checks for every quote.
const FULL_WIDTH: Readonly<Record<string, string>> = Object.freeze({
  ',': '\uff0c',
  ':': '\uff1a',
  ';': '\uff1b',
  '?': '\uff1f',
  '!': '\uff01',
  '(': '\uff08',
  ')': '\uff09',
});
const HAN = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’《》「」]/u;

/** The Chinese text as a card sets it: ASCII punctuation next to Chinese becomes its full-width form. */
export function displayChinese(text: string): string {
  const chars = Array.from(text);
  return chars
    .map((ch, i) => {
      const wide = FULL_WIDTH[ch];
      if (!wide) return ch;
      const before = chars[i - 1] ?? '';
      const after = chars[i + 1] ?? '';
      // A bracket belongs with what it encloses: `(` with the next character, `)` with the previous one.
      const context = ch === '(' ? after : ch === ')' ? before : before || after;
      if (HAN.test(context) || (ch !== '(' && ch !== ')' && HAN.test(after))) return wide;
      // Ending a Chinese sentence after a Latin word (`为什么不考虑做 2C?`): the sentence decides.
      const ends = after === '' || /\s/u.test(after);
      const sentence = chars.slice(Math.max(0, i - 8), i).join('');
      return ch !== '(' && ch !== ')' && ends && HAN.test(sentence) ? wide : ch;
    })
    .join('');
}

/** The attribution line in each language. Avoids "晚点 LatePost LatePost" when the zh name holds the en one. */
export function attributionLines(view: QuoteView): Record<Lang, string> {
  const a = view.attribution;
  const pubBoth = a.publication.zh.includes(a.publication.en)
    ? a.publication.zh
    : `${a.publication.zh} ${a.publication.en}`;
  const speakerBoth = a.speaker.zh === a.speaker.en ? a.speaker.zh : `${a.speaker.zh} ${a.speaker.en}`;
  return {
    both: `— ${speakerBoth} · ${pubBoth} · ${a.date}`,
    zh: `— ${a.speaker.zh} · ${a.publication.zh} · ${a.date}`,
    en: `— ${a.speaker.en} · ${a.publication.en} · ${a.date}`,
  };
}

/** Everything a card shows for a quote. */
export function cardContentOf(view: QuoteView): CardContent {
  // The editor's lead where the quote has one, else the question (every quote has one of the two).
  const setup = setupOf(view);
  const context = setup?.text ?? { zh: '', en: '' };
  return {
    id: view.id,
    zh: displayChinese(view.text),
    en: view.en,
    context: { zh: displayChinese(context.zh), en: context.en },
    contextIsQuestion: setup?.kind === 'question',
    attribution: attributionLines(view),
  };
}

/** Strings every card may print besides the quote's own fields (the subset script keeps their glyphs). */
export const CARD_FIXED_TEXT =
  '问\uff1aQ: —·…“”‘’()' + Object.values(FULL_WIDTH).join('') + '名言 MINGYAN mingyan 0123456789';

/** Every text a card may show for a view, by field name, for the glyph check. */
export function cardTextsOf(view: QuoteView): { field: string; text: string }[] {
  const c = cardContentOf(view);
  return [
    { field: 'text', text: c.zh },
    { field: 'en', text: c.en },
    { field: c.contextIsQuestion ? 'question.zh' : 'lead.zh', text: c.context.zh },
    { field: c.contextIsQuestion ? 'question.en' : 'lead.en', text: c.context.en },
    { field: 'attribution', text: Object.values(c.attribution).join(' ') },
    { field: 'id', text: c.id },
  ];
}
