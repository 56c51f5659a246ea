/** Checks quotes against their verbatim source text: a misquote is the worst bug this product can have. */

const WHITESPACE = /\s+/gu;

/** The text with every white space removed: the only difference a quote may have from its source. */
export const stripWhitespace = (text: string): string => text.replace(WHITESPACE, '');

/** Whether `text` occurs in `sourceText`, ignoring white space only. An empty text is never verbatim. */
export function isVerbatim(text: string, sourceText: string): boolean {
  return createVerbatimCheck(sourceText)(text);
}

/** A verbatim check against one source, normalising the source once (the loader checks many quotes). */
export function createVerbatimCheck(sourceText: string): (text: string) => boolean {
  const haystack = stripWhitespace(sourceText);
  return (text) => {
    const needle = stripWhitespace(text);
    return needle.length > 0 && haystack.includes(needle);
  };
}

/**
 * The longest leading part of `text` that is verbatim in the source, to show where a misquote goes wrong.
 * Prefixes of a substring are substrings, so a binary search over the length finds it.
 */
export function verbatimPrefix(text: string, sourceText: string): string {
  const haystack = stripWhitespace(sourceText);
  const needle = stripWhitespace(text);
  let lo = 0;
  let hi = needle.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (haystack.includes(needle.slice(0, mid))) lo = mid;
    else hi = mid - 1;
  }
  return needle.slice(0, lo);
}

/** How to read an interview transcript: one paragraph per line, speaker labels at the start of a line. */
export interface TranscriptRules {
  /** Starts an answer of the speaker; the match is the label, not part of the answer. */
  answer: RegExp;
  /** Starts an interviewer's question; ends the current answer. */
  question: RegExp;
  /** A section heading such as `01 普通人没感觉…`; ends the current answer. */
  heading: RegExp;
  /** An editor's note such as `(*BERT 是…)`: not the speaker's words, wherever it stands. */
  note: RegExp;
  /** The first line after the interview (e.g. a repost footer); nothing from there on is an answer. */
  end: RegExp;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Rules for a transcript where the speaker's answers start with `<speaker>:` and questions with `《Publication》:`. */
export function transcriptRulesFor(speaker: string): TranscriptRules {
  return {
    answer: new RegExp(`^${escapeRegExp(speaker)}\\s*[::]\\s*`, 'u'),
    question: /^《[^》\n]{1,20}》\s*[::]\s*/u,
    heading: /^\d{2}\s+[^。!?!?\n]{1,60}$/u,
    note: /[((]\*[^))\n]*[))]/gu,
    end: /^原创文章[,,]/u,
  };
}

/** The rules for the shipped interview: Zhou Ming answering 《晚点》. */
export const DEFAULT_TRANSCRIPT_RULES: TranscriptRules = Object.freeze(transcriptRulesFor('周明'));

/** What a paragraph of the transcript is. */
export type ParagraphRole = 'heading' | 'question' | 'answer' | 'note' | 'other';

/** One paragraph (non-empty line) of a transcript. */
export interface TranscriptParagraph {
  /** What it is. */
  role: ParagraphRole;
  /** The paragraph as in the source, trimmed. */
  text: string;
  /** The paragraph without its speaker label (for answers and questions), trimmed. */
  body: string;
  /** Offset of `body` in the source text. */
  bodyStart: number;
  /** For answer paragraphs: which answer (0, 1, …) it belongs to. */
  answer?: number;
  /** For answer paragraphs: the body of the question it answers, if one precedes it. */
  question?: string;
}

/**
 * Splits a transcript into paragraphs with their roles. An answer starts at a speaker line and continues over the
 * following paragraphs until the next question, heading or the end marker; editor's notes are never answers.
 */
export function parseTranscript(
  sourceText: string,
  rules: TranscriptRules = DEFAULT_TRANSCRIPT_RULES,
): TranscriptParagraph[] {
  const paragraphs: TranscriptParagraph[] = [];
  const isWholeNote = (line: string): boolean =>
    line.replace(new RegExp(rules.note.source, 'gu'), '').trim() === '';
  let answer = -1;
  let inAnswer = false;
  let ended = false;
  let question: string | undefined;
  let offset = 0;
  for (const raw of sourceText.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    const text = raw.trim();
    if (text === '') continue;
    const start = lineStart + raw.indexOf(text);
    const push = (role: ParagraphRole, label = 0, extra: Partial<TranscriptParagraph> = {}): void => {
      paragraphs.push({ role, text, body: text.slice(label).trim(), bodyStart: start + label, ...extra });
    };
    if (ended || rules.end.test(text)) {
      ended = true;
      inAnswer = false;
      push('other');
      continue;
    }
    const q = rules.question.exec(text);
    const a = rules.answer.exec(text);
    if (q) {
      inAnswer = false;
      question = text.slice(q[0].length).trim();
      push('question', q[0].length);
    } else if (a) {
      answer += 1;
      inAnswer = true;
      push('answer', a[0].length, { answer, question });
    } else if (rules.heading.test(text)) {
      inAnswer = false;
      push('heading');
    } else if (isWholeNote(text)) {
      push('note');
    } else if (inAnswer) {
      push('answer', 0, { answer, question });
    } else {
      push('other');
    }
  }
  return paragraphs;
}

/** How much of the speaker's answers the quotes cover. */
export interface AnswerCoverage {
  /** Answer characters (white space excluded) inside some quote's text. */
  coveredChars: number;
  /** All answer characters (white space, speaker labels and editor's notes excluded). */
  totalChars: number;
  /** coveredChars / totalChars; 1 when there are no answers. */
  ratio: number;
  /** The uncovered stretches of answers, in source order (split at paragraph ends). */
  uncovered: string[];
}

/**
 * Coverage of the speaker's answer characters by the quotes. Every occurrence of a quote's text counts, so intro
 * quotes may cover answer words too; intro text itself is never in the denominator.
 */
export function answerCoverage(
  quotes: readonly { text: string }[],
  sourceText: string,
  rules: TranscriptRules = DEFAULT_TRANSCRIPT_RULES,
): AnswerCoverage {
  // Per non-white-space source character: its offset, and the answer paragraph it counts for (-1: not counted).
  const offsets: number[] = [];
  const normalised: string[] = [];
  for (let i = 0; i < sourceText.length; i++) {
    const ch = sourceText[i] as string;
    if (!/\s/u.test(ch)) {
      offsets.push(i);
      normalised.push(ch);
    }
  }
  const haystack = normalised.join('');
  const paragraphOf = new Int32Array(haystack.length).fill(-1);
  const counted = new Int32Array(sourceText.length).fill(-1);
  parseTranscript(sourceText, rules).forEach((p, index) => {
    if (p.role !== 'answer') return;
    const end = p.bodyStart + p.body.length;
    for (let i = p.bodyStart; i < end; i++) counted[i] = index;
    for (const note of p.body.matchAll(new RegExp(rules.note.source, 'gu'))) {
      const from = p.bodyStart + (note.index ?? 0);
      counted.fill(-1, from, from + note[0].length);
    }
  });
  offsets.forEach((o, i) => (paragraphOf[i] = counted[o] as number));

  const covered = new Uint8Array(haystack.length);
  for (const { text } of quotes) {
    const needle = stripWhitespace(text);
    if (!needle) continue;
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
      covered.fill(1, at, at + needle.length);
    }
  }

  let totalChars = 0;
  let coveredChars = 0;
  const uncovered: string[] = [];
  let runStart = -1;
  const closeRun = (end: number): void => {
    if (runStart >= 0) {
      uncovered.push(sourceText.slice(offsets[runStart], (offsets[end - 1] as number) + 1));
      runStart = -1;
    }
  };
  for (let i = 0; i < haystack.length; i++) {
    const paragraph = paragraphOf[i] as number;
    if (paragraph < 0) {
      closeRun(i);
      continue;
    }
    totalChars++;
    if (covered[i]) {
      coveredChars++;
      closeRun(i);
    } else {
      if (runStart >= 0 && paragraphOf[runStart] !== paragraph) closeRun(i);
      if (runStart < 0) runStart = i;
    }
  }
  closeRun(haystack.length);
  return { coveredChars, totalChars, ratio: totalChars === 0 ? 1 : coveredChars / totalChars, uncovered };
}
