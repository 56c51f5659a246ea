import type { Bilingual } from '../../src/quotes/schema.js';
import type { Lang } from '../../src/bot/reply.js';

/** Slack's documented limits that rendering must respect. */
export const SLACK_LIMITS = Object.freeze({
  /** Characters in one text object (section, context element). */
  textObject: 3000,
  /** Blocks in one message. */
  messageBlocks: 50,
  /** Blocks in a Home tab view. */
  homeBlocks: 100,
  /** Characters in a button value. */
  buttonValue: 2000,
  /** Characters in a button label. */
  buttonText: 75,
  /** Elements in an actions block. */
  actionsElements: 25,
  /** Elements in a context block. */
  contextElements: 10,
});

const WORD_JOINER = '\u2060';

/**
 * Makes user or quote text inert in Slack mrkdwn: `&`, `<`, `>` become entities (so `<!channel>`,
 * `<@U1>` and `<https://evil|innocent>` cannot form), and the words Slack turns into broadcasts
 * (`@everyone`, `@channel`, `@here`) get an invisible joiner so no client parses them as pings.
 */
export function escapeText(raw: string): string {
  return raw
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(everyone|channel|here)\b/gi, `@${WORD_JOINER}$1`);
}

/** Escaped text cut to `limit` characters (after escaping), ending with an ellipsis when cut. */
export function truncateEscaped(raw: string, limit: number): string {
  const full = escapeText(raw);
  if (full.length <= limit) return full;
  let out = '';
  for (const ch of raw) {
    const next = out + escapeText(ch);
    if (next.length + 1 > limit) break;
    out = next;
  }
  return `${out}…`;
}

const SENTENCE_END = /[。！？!?；;\n]/u;

/** Sentences (or lines) of `raw`, each keeping its closing punctuation. */
function sentences(raw: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of raw) {
    current += ch;
    if (SENTENCE_END.test(ch)) {
      out.push(current);
      current = '';
    }
  }
  if (current) out.push(current);
  return out;
}

/**
 * Splits text into escaped chunks of at most `limit` characters each, preferring sentence
 * boundaries, never cutting a character or an entity in half.
 */
export function chunkEscaped(raw: string, limit: number): string[] {
  const chunks: string[] = [];
  let current = '';
  const push = (piece: string): void => {
    if ((current + piece).length <= limit) {
      current += piece;
      return;
    }
    if (current) chunks.push(current);
    current = piece;
  };
  for (const sentence of sentences(raw)) {
    const escaped = escapeText(sentence);
    if (escaped.length <= limit) {
      push(escaped);
      continue;
    }
    // One sentence longer than a whole text object: cut it by characters.
    for (const ch of sentence) push(escapeText(ch));
  }
  if (current.trim()) chunks.push(current);
  return chunks;
}

/** A bilingual text for one display language; `both` joins them with `sep`. */
export function pick(text: Bilingual, lang: Lang, sep = ' · '): string {
  if (lang === 'zh') return text.zh;
  if (lang === 'en') return text.en;
  return text.zh === text.en ? text.zh : `${text.zh}${sep}${text.en}`;
}

/** A Slack link `<url|label>` when the URL is a plain http(s) URL; otherwise just the escaped label. */
export function link(url: string, label: string): string {
  const safeLabel = escapeText(label).replace(/\|/g, '¦');
  if (!/^https?:\/\/[^\s<>|"]+$/i.test(url)) return safeLabel;
  return `<${url.replace(/&/g, '&amp;')}|${safeLabel}>`;
}
