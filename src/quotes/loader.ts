import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Corpus, LoadedSource, LoadIssue } from './corpus.js';
import { attachAsks, isAsksFile, quoteFileFor } from './asks.js';
import { createVerbatimCheck, verbatimPrefix } from './fidelity.js';
import type { Quote } from './schema.js';
import { quoteFileSchema, quoteSchema, TOPICS } from './schema.js';

/**
 * Loads quote files. Bad files never throw: a file whose YAML or `source` header is broken is skipped whole, a bad
 * quote is skipped alone, and every problem lands in `corpus.issues` naming the file, the quote and the field.
 */

const QUOTE_FILE = /\.ya?ml$/i;

/** Absolute path of the repository's quotes/ folder (found from this module, in src/ or in a build under dist/). */
export function shippedQuotesDir(): string {
  const candidates = ['../../quotes', '../../../quotes'].map((up) =>
    fileURLToPath(new URL(up, import.meta.url)),
  );
  return candidates.find((dir) => existsSync(dir)) ?? (candidates[0] as string);
}

/** One line for a person: `quotes/foo.yaml: quote "bar" field question.en: must not be empty`. */
export function formatLoadIssue(issue: LoadIssue, cwd: string = process.cwd()): string {
  const rel = relative(cwd, issue.file);
  const file = rel && !rel.startsWith('..') ? rel : issue.file;
  const id = issue.quoteId;
  const subject = [
    id === undefined ? '' : id.startsWith('#') ? `quote ${id}` : `quote "${id}"`,
    issue.field ? `field ${issue.field}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `${file}: ${subject ? `${subject}: ` : ''}${issue.message}`;
}

/** Reads every *.yaml / *.yml in each folder (sorted by name); a path to a file loads that file. Missing paths are empty. */
export function loadCorpus(dirs: readonly string[]): Corpus {
  const issues: LoadIssue[] = [];
  const sources = new Map<string, LoadedSource>();
  const quotes: Quote[] = [];
  const byId = new Map<string, Quote>();
  const fileOf = new Map<string, string>();
  const aliasWanted: { alias: string; quote: Quote; file: string }[] = [];
  for (const file of quoteFiles(dirs, issues)) {
    const loaded = loadFile(file, issues);
    if (!loaded) continue;
    const { source, rawQuotes } = loaded;
    const earlier = sources.get(source.id);
    if (earlier) {
      issues.push({
        file,
        field: 'source.id',
        message: `source "${source.id}" is already loaded from ${basename(earlier.file)}; file skipped`,
      });
      continue;
    }
    sources.set(source.id, source);
    const sections = new Set(source.sections.map((s) => s.id));
    const { sourceText } = source;
    // Without a source text there is nothing to check against (a missing one is already an issue).
    const inSource = sourceText === undefined ? () => true : createVerbatimCheck(sourceText);
    const fromFile: Quote[] = [];
    rawQuotes.forEach((raw, index) => {
      const label = quoteLabel(raw, index);
      const parsed = quoteSchema.safeParse(raw, { error: explainIssue });
      if (!parsed.success) {
        for (const i of parsed.error.issues) issues.push({ file, quoteId: label, ...fieldAndMessage(i) });
        return;
      }
      const quote: Quote = { ...parsed.data, sourceId: source.id };
      const problem = (field: string, message: string): void => {
        issues.push({ file, quoteId: quote.id, field, message });
      };
      if (!sections.has(quote.section)) {
        return problem(
          'section',
          `"${quote.section}" is not a section of the source; use one of: ${[...sections].join(', ')}`,
        );
      }
      if (byId.has(quote.id)) {
        return problem(
          'id',
          `duplicate id, already used in ${basename(fileOf.get(quote.id) ?? '')}; this one is skipped`,
        );
      }
      if (!inSource(quote.text)) {
        const prefix = verbatimPrefix(quote.text, sourceText ?? '');
        const where = prefix ? `; it matches up to "${tail(prefix)}" and then differs` : '';
        return problem(
          'text',
          `is not verbatim in ${source.text} (only white space may differ)${where}; skipped`,
        );
      }
      fromFile.push(quote);
      byId.set(quote.id, quote);
      fileOf.set(quote.id, file);
      for (const alias of quote.aliases ?? []) aliasWanted.push({ alias, quote, file });
    });
    // The editor's "questions this answers" for these quotes, from the sidecar beside the file (foo.asks.yaml).
    for (const quote of attachAsks(file, source.id, fromFile, issues)) {
      quotes.push(quote);
      byId.set(quote.id, quote);
    }
  }
  // Aliases after every id is known: an alias never shadows a live id, and one alias names one quote.
  const aliases = new Map<string, string>();
  for (const { alias, quote, file } of aliasWanted) {
    const taken = byId.has(alias)
      ? `it is the id of a quote`
      : aliases.has(alias)
        ? `"${aliases.get(alias)}" already has it`
        : '';
    if (taken) {
      issues.push({
        file,
        quoteId: quote.id,
        field: 'aliases',
        message: `alias "${alias}" ignored: ${taken}`,
      });
      continue;
    }
    aliases.set(alias, quote.id);
  }
  for (const [alias, id] of aliases) byId.set(alias, byId.get(id) as Quote);
  return { sources, quotes, byId, aliases, issues };
}

/** Quote files in order: each path as given, folder entries sorted by name; the same file only once. */
function quoteFiles(paths: readonly string[], issues: LoadIssue[]): string[] {
  const files: string[] = [];
  for (const path of new Set(paths.map((p) => resolve(p)))) {
    let stat;
    try {
      // Not `throwIfNoEntry: false`: Node 24 also returns nothing for a path under a regular file (ENOTDIR),
      // which must be reported on every Node, as it is on 20. Only a path that does not exist is skipped.
      stat = statSync(path);
    } catch (e) {
      if (!isMissing(e))
        issues.push({ file: path, message: `cannot read: ${errorMessage(e)}` });
      continue;
    }
    if (!stat.isDirectory()) {
      // A sidecar given by name (`validate foo.asks.yaml`) is checked with the quote file it belongs to.
      files.push(isAsksFile(path) ? quoteFileFor(path) : path);
      continue;
    }
    try {
      const names = readdirSync(path)
        .filter((n) => QUOTE_FILE.test(n) && !isAsksFile(n))
        .sort();
      files.push(...names.map((n) => join(path, n)));
    } catch (e) {
      issues.push({ file: path, message: `cannot read the folder: ${errorMessage(e)}` });
    }
  }
  return [...new Set(files)];
}

/** Parses one file's YAML and source header; undefined (with issues) when the file must be skipped whole. */
function loadFile(
  file: string,
  issues: LoadIssue[],
): { source: LoadedSource; rawQuotes: unknown[] } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    issues.push({ file, message: `cannot read the file: ${errorMessage(e)}; skipped` });
    return undefined;
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors)
      issues.push({ file, message: `invalid YAML: ${firstLine(e.message)}; file skipped` });
    return undefined;
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    issues.push({
      file,
      message: 'the file is empty: it needs a `source:` header and a `quotes:` list; skipped',
    });
    return undefined;
  }
  const parsed = quoteFileSchema.safeParse(raw, { error: explainIssue });
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const { field, message } = fieldAndMessage(i);
      issues.push({ file, field, message: `${message}; file skipped` });
    }
    return undefined;
  }
  const source: LoadedSource = { ...parsed.data.source, file };
  if (source.text !== undefined) {
    const textFile = resolve(dirname(file), source.text);
    try {
      source.sourceText = readFileSync(textFile, 'utf8');
    } catch (e) {
      issues.push({
        file,
        field: 'source.text',
        message: `cannot read the source text ${source.text} (${errorMessage(e)}); its quotes are not checked against it`,
      });
    }
  }
  return { source, rawQuotes: parsed.data.quotes };
}

/** `id` of a raw quote when it has a usable one, else its position as `#3` (1-based, as people count). */
function quoteLabel(raw: unknown, index: number): string {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.trim() !== '' ? id : `#${index + 1}`;
}

function fieldAndMessage(issue: z.core.$ZodIssue): { field?: string; message: string } {
  const field = issue.path.map(String).join('.');
  return field ? { field, message: issue.message } : { message: issue.message };
}

/** Plainer words for zod's defaults where they read badly; schema-level messages still win. */
function explainIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  if (issue.code === 'invalid_value' && issue.path?.[0] === 'topics') {
    return `unknown topic ${JSON.stringify(issue.input)}; use one of: ${TOPICS.join(', ')}`;
  }
  if (issue.code === 'invalid_type') {
    const hint =
      issue.expected === 'string' && typeof issue.input === 'number' ? ' (put it in quotes, e.g. "01")' : '';
    return `must be ${article(issue.expected)}, not ${describe(issue.input)}${hint}`;
  }
  return undefined;
}

const article = (t: string): string => (t === 'array' || t === 'object' ? `an ${t}` : `a ${t}`);
const describe = (v: unknown): string =>
  v === null
    ? 'empty'
    : Array.isArray(v)
      ? 'a list'
      : typeof v === 'object'
        ? 'a mapping'
        : `${typeof v} ${JSON.stringify(v)}`;
const firstLine = (s: string): string => (s.split('\n')[0] ?? s).replace(/:$/, '').trim();
const tail = (s: string): string => (s.length > 20 ? `…${s.slice(-20)}` : s);
const isMissing = (e: unknown): boolean => e instanceof Error && 'code' in e && e.code === 'ENOENT';
const errorMessage = (e: unknown): string =>
  isMissing(e)
    ? 'no such file'
    : e instanceof Error
      ? e.message
      : String(e);
