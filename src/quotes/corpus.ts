import type { Quote, Source } from './schema.js';

/** A source as loaded, with its verbatim text when the file names one. */
export interface LoadedSource extends Source {
  /** The quote file it was read from. */
  file: string;
  /** The verbatim source text (the file named by `text`), used for fidelity checks and /quote context. */
  sourceText?: string;
}

/** Something wrong in a quote file: names the file, and the quote id and field when there is one. */
export interface LoadIssue {
  /** Path of the quote file. */
  file: string;
  /** Id (or index, as `#3`) of the offending quote, if the problem is in one quote. */
  quoteId?: string;
  /** Dotted path of the offending field, e.g. `question.en`. */
  field?: string;
  /** What is wrong and what to do, in one sentence. */
  message: string;
}

/** Every quote the bot knows, validated. */
export interface Corpus {
  /** Sources by id. */
  readonly sources: ReadonlyMap<string, LoadedSource>;
  /** Quotes in file order. */
  readonly quotes: readonly Quote[];
  /**
   * Quotes by id, and by every alias: an id merged into another quote resolves to that quote, so old links,
   * buttons, autocomplete values and stored rotation state keep working. `byId.get(x)?.id` is the current id.
   */
  readonly byId: ReadonlyMap<string, Quote>;
  /** Alias id -> the id of the quote that absorbed it. */
  readonly aliases?: ReadonlyMap<string, string>;
  /** Files or quotes that were skipped, and why. The bot still runs with the rest. */
  readonly issues: readonly LoadIssue[];
}

/** The current id for `id` (itself, or the quote an alias was merged into); `id` unchanged when unknown. */
export function canonicalId(corpus: Pick<Corpus, 'byId'>, id: string): string {
  return corpus.byId.get(id)?.id ?? id;
}
