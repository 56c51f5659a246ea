import { existsSync } from 'node:fs';
import { quotesDirIn } from '../config.js';
import type { Corpus } from '../quotes/corpus.js';
import type { Quote } from '../quotes/schema.js';
import { loadCorpus, shippedQuotesDir } from '../quotes/loader.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import { didYouMean, failure, run } from './common.js';
import type { CliIO } from './types.js';

/**
 * The quote folders a command reads: the shipped quotes/ plus QUOTES_DIR (from the environment or .env, relative
 * to the working directory). Only QUOTES_DIR matters here, so half-configured chat platforms never block it.
 */
export function configuredQuoteDirs(io: CliIO, command: string): Result<string[], number> {
  const dirs = [shippedQuotesDir()];
  const extra = quotesDirIn(io.cwd, io.env);
  if (extra !== undefined) {
    if (!existsSync(extra))
      io.stderr.write(`mingyan ${command}: warning: QUOTES_DIR ${extra} does not exist\n`);
    dirs.push(extra);
  }
  return ok(dirs);
}

/** Loads the corpus for a command; problems in quote files become one warning pointing at `mingyan validate`. */
export function loadQuotes(io: CliIO, command: string): Result<Corpus, number> {
  const dirs = configuredQuoteDirs(io, command);
  if (!dirs.ok) return dirs;
  const corpus = loadCorpus(dirs.value);
  const n = corpus.issues.length;
  if (n > 0) {
    io.stderr.write(
      `mingyan ${command}: warning: ${n} problem${n === 1 ? '' : 's'} in quote files; what is broken was skipped ` +
        `(run "${run('validate')}" for details)\n`,
    );
  }
  return ok(corpus);
}

/**
 * Loads the corpus and the quote with an id (any case, aliases included); an unknown id fails with the nearest id
 * and the command that lists them all.
 */
export function loadQuoteById(
  io: CliIO,
  command: string,
  rawId: string,
): Result<{ quote: Quote; corpus: Corpus }, number> {
  // Ids are lower-case kebab; any case finds the quote, as it does in the bot.
  const id = rawId.trim().toLowerCase();
  const corpus = loadQuotes(io, command);
  if (!corpus.ok) return corpus;
  const quote = corpus.value.byId.get(id);
  if (quote) return ok({ quote, corpus: corpus.value });
  const near = didYouMean(id, corpus.value.byId.keys());
  return err(
    failure(
      io,
      { name: command },
      `no quote with id "${id}"${near ? `. Did you mean "${near}"?` : ''} (see: ${run('list')})`,
    ),
  );
}
