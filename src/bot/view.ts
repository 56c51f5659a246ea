import type { Corpus } from '../quotes/corpus.js';
import type { Quote } from '../quotes/schema.js';
import type { Attribution, QuoteView } from './reply.js';

/** Attribution for a quote from its source file's metadata. */
export function attributionOf(quote: Quote, corpus: Corpus): Attribution {
  const source = corpus.sources.get(quote.sourceId);
  if (!source) throw new Error(`quote ${quote.id} names unknown source ${quote.sourceId}`);
  return {
    speaker: { zh: source.speaker.zh, en: source.speaker.en },
    publication: source.publication,
    title: source.title,
    date: source.date.slice(0, 7),
    url: source.url,
    ...(source.urlLabel ? { urlLabel: { zh: source.urlLabel.zh, en: source.urlLabel.en } } : {}),
    ...(source.credit ? { credit: { zh: source.credit.zh, en: source.credit.en } } : {}),
  };
}

/** The permalink page of a quote under a public base URL (`https://host/base` -> `https://host/base/q/<id>`). */
export function permalinkOf(publicUrl: string, id: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/q/${encodeURIComponent(id)}`;
}

/** The neutral view of a quote that every Reply carries; with `publicUrl`, it carries its permalink too. */
export function toQuoteView(quote: Quote, corpus: Corpus, publicUrl?: string): QuoteView {
  return {
    id: quote.id,
    text: quote.text,
    en: quote.en,
    ...(quote.question ? { question: quote.question } : {}),
    ...(quote.lead ? { lead: quote.lead } : {}),
    ...(quote.note ? { editorNote: quote.note } : {}),
    topics: [...quote.topics],
    attribution: attributionOf(quote, corpus),
    ...(publicUrl ? { permalink: permalinkOf(publicUrl, quote.id) } : {}),
  };
}
