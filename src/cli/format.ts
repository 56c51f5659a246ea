import type { Corpus } from '../quotes/corpus.js';
import type { Quote } from '../quotes/schema.js';
import type { SearchHit } from '../search/types.js';

/** A search hit as `search --json` prints it. */
export interface JsonHit {
  /** Quote id. */
  id: string;
  /** Verbatim Chinese text. */
  text: string;
  /** English translation. */
  en: string;
  /** Topic ids. */
  topics: string[];
  /** Relevance, higher is better (comparable within one query). */
  score: number;
  /** The interviewer's question (absent for intro quotes). */
  question?: { zh: string; en: string };
  /** The editor's lead-in, when the quote has one. */
  lead?: { zh: string; en: string };
  /** Section id. */
  section: string;
}

/** The JSON shape of one hit. */
export function toJsonHit({ quote, score }: SearchHit): JsonHit {
  return {
    id: quote.id,
    text: quote.text,
    en: quote.en,
    topics: [...quote.topics],
    score,
    ...(quote.question ? { question: { zh: quote.question.zh, en: quote.question.en } } : {}),
    ...(quote.lead ? { lead: { zh: quote.lead.zh, en: quote.lead.en } } : {}),
    section: quote.section,
  };
}

/** One search hit for a terminal: rank, score and id, then the Chinese and the English. */
export function formatHit(rank: number, { quote, score }: SearchHit): string {
  return `${rank}. [${score.toFixed(2)}] ${quote.id}\n   ${quote.text}\n   ${quote.en}`;
}

/** A whole quote for a terminal: text, translation, question, attribution, and its id, section and topics. */
export function formatQuote(quote: Quote, corpus: Corpus): string {
  const source = corpus.sources.get(quote.sourceId);
  const lines = [quote.text, quote.en, ''];
  if (quote.lead) lines.push(`  Lead: ${quote.lead.zh}`, `        ${quote.lead.en}`);
  if (quote.question) lines.push(`  Q: ${quote.question.zh}`, `     ${quote.question.en}`);
  if (quote.note) lines.push(`  Editor's note: ${quote.note.zh}`, `                 ${quote.note.en}`);
  if (quote.prompt) lines.push(`  Discuss: ${quote.prompt.zh}`, `           ${quote.prompt.en}`);
  if (source) {
    const section = source.sections.find((s) => s.id === quote.section);
    lines.push(
      `  — ${source.speaker.zh} ${source.speaker.en}, ${source.publication.zh}, ${source.date}: ${source.title.zh}`,
      `    ${source.url}${source.urlLabel ? ` (${source.urlLabel.en})` : ''}`,
    );
    if (section)
      lines.push(`  section: ${section.zh === section.en ? section.zh : `${section.zh} / ${section.en}`}`);
  }
  lines.push(
    `  id: ${quote.id}   topics: ${quote.topics.join(', ')}${quote.insight ? '   (daily insight)' : ''}`,
  );
  return lines.join('\n');
}
