import type { Corpus } from '../quotes/corpus.js';
import type { Bilingual, Quote } from '../quotes/schema.js';
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
  };
}

/** The quote's lead line, for quote files that give one (an optional field of the corpus). */
function leadOf(quote: Quote): { lead?: Bilingual } {
  const lead = (quote as Quote & { lead?: unknown }).lead as Partial<Bilingual> | undefined;
  return typeof lead?.zh === 'string' && typeof lead.en === 'string'
    ? { lead: { zh: lead.zh, en: lead.en } }
    : {};
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
    question: quote.question,
    topics: [...quote.topics],
    attribution: attributionOf(quote, corpus),
    ...(publicUrl ? { permalink: permalinkOf(publicUrl, quote.id) } : {}),
    ...leadOf(quote),
  };
}
