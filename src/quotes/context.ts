import type { Corpus } from './corpus.js';
import type { TranscriptParagraph } from './fidelity.js';
import { parseTranscript, stripWhitespace, transcriptRulesFor } from './fidelity.js';
import type { Bilingual, Quote } from './schema.js';

/** The section id of quotes from an article's introduction rather than from an answer. */
const INTRO = 'intro';

/** A quote in its setting: the interviewer's question and the whole answer (or intro paragraph) it comes from. */
export interface AnswerContext {
  /** The question the quote answers (the quote's own bilingual question); absent for intro quotes. */
  question?: Bilingual;
  /** The editor's lead-in, when the quote has one (intro quotes always do). */
  lead?: Bilingual;
  /** The editor's note on a factual slip in the source, when there is one. */
  note?: Bilingual;
  /** The whole answer, verbatim, one paragraph per item, without the speaker label or editor's note paragraphs. */
  answer: string[];
}

/**
 * Finds the quote in its source text and returns the whole answer around it; for an intro quote, the paragraph it
 * stands in. Without a source text (or if the quote is not found in it) the answer is made of the quotes sharing its
 * question, in corpus order.
 */
export function answerContext(quote: Quote, corpus: Corpus): AnswerContext {
  const setting = {
    ...(quote.question ? { question: { zh: quote.question.zh, en: quote.question.en } } : {}),
    ...(quote.lead ? { lead: { zh: quote.lead.zh, en: quote.lead.en } } : {}),
    ...(quote.note ? { note: { zh: quote.note.zh, en: quote.note.en } } : {}),
  };
  const source = corpus.sources.get(quote.sourceId);
  const found = source?.sourceText
    ? locate(quote, parseTranscript(source.sourceText, transcriptRulesFor(source.speaker.zh)))
    : undefined;
  if (found) return { ...setting, answer: found };
  if (quote.section === INTRO || !quote.question) return { ...setting, answer: [quote.text] };
  const asked = quote.question.zh;
  const siblings = corpus.quotes.filter(
    (q) => q.sourceId === quote.sourceId && q.section === quote.section && q.question?.zh === asked,
  );
  return { ...setting, answer: (siblings.length > 0 ? siblings : [quote]).map((q) => q.text) };
}

/** The answer paragraphs holding the quote (or its intro paragraph); undefined when it is not in the text. */
function locate(quote: Quote, paragraphs: readonly TranscriptParagraph[]): string[] | undefined {
  const needle = stripWhitespace(quote.text);
  if (!needle) return undefined;
  // Paragraphs joined without white space, so a quote spanning two paragraphs of one answer is found too.
  let haystack = '';
  const starts: number[] = [];
  for (const p of paragraphs) {
    starts.push(haystack.length);
    haystack += stripWhitespace(p.text);
  }
  const paragraphAt = (offset: number): number => {
    let i = starts.length - 1;
    while (i > 0 && (starts[i] as number) > offset) i--;
    return i;
  };
  const hits: TranscriptParagraph[] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const p = paragraphs[paragraphAt(at)];
    if (p) hits.push(p);
  }
  // The same words can stand in the introduction and in an answer: prefer the place the quote's section says.
  const wanted =
    quote.section === INTRO
      ? (p: TranscriptParagraph) => p.role !== 'answer'
      : (p: TranscriptParagraph) => p.role === 'answer';
  const hit = hits.find(wanted) ?? hits[0];
  if (!hit) return undefined;
  if (hit.role !== 'answer') return [hit.body];
  return paragraphs.filter((p) => p.role === 'answer' && p.answer === hit.answer).map((p) => p.body);
}
