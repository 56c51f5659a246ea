import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { cardGlyphIssues } from '../card/glyph-check.js';
import type { Corpus } from '../quotes/corpus.js';
import { answerCoverage, transcriptRulesFor } from '../quotes/fidelity.js';
import { formatLoadIssue, loadCorpus } from '../quotes/loader.js';
import { standaloneProblems } from '../quotes/standalone.js';
import { EXIT, parseArgs, usageError, writeLine } from './common.js';
import { configuredQuoteDirs } from './load.js';
import type { CliCommand } from './types.js';

/**
 * `mingyan validate [PATH]`: checks quote files (schema, ids, aliases, sections, verbatim text), checks that every
 * daily-deck and discussion-prompt quote stands alone (src/quotes/standalone.ts), and reports coverage.
 */
export const validateCommand: CliCommand = {
  name: 'validate',
  usage: 'validate [PATH]',
  summary: 'check quote files (a file or folder; default: quotes/ and QUOTES_DIR); exit 1 on any problem',
  async run(args, io) {
    const parsed = parseArgs(args, {});
    if (!parsed.ok) return usageError(io, validateCommand, parsed.error);
    const { positionals } = parsed.value;
    if (positionals.length > 1) return usageError(io, validateCommand, 'give at most one PATH');
    let paths: string[];
    if (positionals[0] !== undefined) {
      const path = resolve(io.cwd, positionals[0]);
      if (!existsSync(path))
        return usageError(io, validateCommand, `no such file or folder: ${positionals[0]}`);
      paths = [path];
    } else {
      const dirs = configuredQuoteDirs(io, validateCommand.name);
      if (!dirs.ok) return dirs.error;
      paths = dirs.value;
    }
    const loaded = loadCorpus(paths);
    // Editorial problems do not stop the bot from loading a quote, but they fail validation.
    const editorial = loaded.quotes.flatMap((q) =>
      standaloneProblems(q).map((message) => ({
        file: loaded.sources.get(q.sourceId)?.file ?? '',
        quoteId: q.id,
        field: 'standalone',
        message,
      })),
    );
    const corpus: Corpus = { ...loaded, issues: [...loaded.issues, ...editorial] };
    for (const issue of corpus.issues) io.stderr.write(`${formatLoadIssue(issue, io.cwd)}\n`);
    // A quote the card fonts cannot draw would show blanks on its card: the fonts need regenerating.
    const glyphs = cardGlyphIssues(corpus);
    for (const issue of glyphs) io.stderr.write(`${formatLoadIssue(issue, io.cwd)}\n`);
    const files = corpus.sources.size;
    const n = corpus.issues.length + glyphs.length;
    if (glyphs.length > 0 && corpus.issues.length === 0) {
      io.stderr.write(
        `\n${glyphs.length} card glyph problem${glyphs.length === 1 ? '' : 's'}: the quotes load, but their cards ` +
          `would show blanks until the fonts are regenerated.\n`,
      );
      return EXIT.failure;
    }
    if (n > 0) {
      io.stderr.write(
        `\n${n} problem${n === 1 ? '' : 's'} found; ${quotesFromFiles(corpus)} loaded fine. Broken quotes are skipped ` +
          `(and a file with a broken header or YAML is skipped whole) until fixed.\n`,
      );
      return EXIT.failure;
    }
    if (files === 0) {
      io.stderr.write(`mingyan validate: found no quote files (*.yaml, *.yml) in ${paths.join(', ')}\n`);
      return EXIT.failure;
    }
    await writeLine(io.stdout, summary(corpus));
    return EXIT.ok;
  },
};

const quotesFromFiles = (corpus: Corpus): string => {
  const q = corpus.quotes.length;
  const f = corpus.sources.size;
  return `${q} quote${q === 1 ? '' : 's'} from ${f} file${f === 1 ? '' : 's'}`;
};

/** `N quotes from M files, all verbatim, coverage X%` (per source when there are several). */
function summary(corpus: Corpus): string {
  const sources = [...corpus.sources.values()];
  const checked = sources.filter((s) => s.sourceText !== undefined);
  const verbatim =
    checked.length === sources.length
      ? 'all verbatim'
      : `${checked.length} of ${sources.length} files checked verbatim (the others name no source text)`;
  const coverage = checked.map((source) => {
    const quotes = corpus.quotes.filter((q) => q.sourceId === source.id);
    const c = answerCoverage(quotes, source.sourceText ?? '', transcriptRulesFor(source.speaker.zh));
    // Rounded down: 99.98% must not read as 100%.
    const pct = c.totalChars === 0 ? 'n/a' : `${(Math.floor(1000 * c.ratio) / 10).toFixed(1)}%`;
    return { id: source.id, text: `${pct} of ${source.speaker.zh}'s answer characters` };
  });
  const cov =
    coverage.length === 0
      ? ''
      : coverage.length === 1
        ? `, coverage ${coverage[0]?.text}`
        : `, coverage: ${coverage.map((c) => `${c.id} ${c.text}`).join('; ')}`;
  return `${quotesFromFiles(corpus)}, ${verbatim}${cov}`;
}
