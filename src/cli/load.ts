import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatConfigProblems, loadConfig } from '../config.js';
import type { Corpus } from '../quotes/corpus.js';
import { loadCorpus, shippedQuotesDir } from '../quotes/loader.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import { EXIT } from './common.js';
import type { CliIO } from './types.js';

/**
 * The quote folders a command reads: the shipped quotes/ plus QUOTES_DIR (relative to the working directory).
 * A configuration problem is printed and becomes the usage exit code.
 */
export function configuredQuoteDirs(io: CliIO, command: string): Result<string[], number> {
  const config = loadConfig(io.env);
  if (!config.ok) {
    const problems = formatConfigProblems(config.error).replace(/^/gm, '  ');
    io.stderr.write(
      `mingyan ${command}: the configuration has a problem; fix the environment (or .env):\n${problems}\n`,
    );
    return err(EXIT.usage);
  }
  const dirs = [shippedQuotesDir()];
  const extra = config.value.quotesDir;
  if (extra !== undefined) {
    const dir = resolve(io.cwd, extra);
    if (!existsSync(dir))
      io.stderr.write(`mingyan ${command}: warning: QUOTES_DIR ${extra} does not exist\n`);
    dirs.push(dir);
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
        `(run "mingyan validate" for details)\n`,
    );
  }
  return ok(corpus);
}
