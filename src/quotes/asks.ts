import { existsSync, readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { LoadIssue } from './corpus.js';
import type { Quote } from './schema.js';

/**
 * "Questions this answers": an editor's list, per quote, of the ways people ask for it ("他怎么看 OpenAI",
 * "why 2B"). They live in a sidecar beside the quote file (foo.yaml → foo.asks.yaml) so that they can be written
 * and reviewed apart from the verbatim quotes, and are searched like the interviewer's question (document
 * expansion in the spirit of doc2query, but written by a person, in Chinese and English).
 */

/** Sidecar files end with this; the loader never reads them as quote files. */
export const ASKS_SUFFIX = '.asks.yaml';

const asksFileSchema = z
  .object({
    /** The quote file's source id, so a sidecar copied beside the wrong file is caught. */
    source: z.string().min(1),
    /** Quote id (or a former id kept in the quote's `aliases`) → the questions it answers. */
    asks: z.record(z.string(), z.array(z.string().trim().min(1, 'must not be empty')).min(1)),
  })
  .strict();

/** The sidecar of a quote file: foo.yaml → foo.asks.yaml (also for foo.yml). */
export function asksFileFor(quoteFile: string): string {
  return quoteFile.replace(/\.ya?ml$/i, ASKS_SUFFIX);
}

/** The quote file a sidecar belongs to: foo.asks.yaml → foo.yaml (or foo.yml when only that exists). */
export function quoteFileFor(asksFile: string): string {
  const base = asksFile.slice(0, asksFile.length - ASKS_SUFFIX.length);
  return existsSync(`${base}.yaml`) || !existsSync(`${base}.yml`) ? `${base}.yaml` : `${base}.yml`;
}

/** True for a sidecar file name, which must not be loaded as a quote file. */
export function isAsksFile(name: string): boolean {
  return name.toLowerCase().endsWith(ASKS_SUFFIX);
}

/**
 * Reads a quote file's sidecar, if it has one, and returns the quotes with their `asks` attached. Ids are
 * resolved through `aliases` (a quote merged into another keeps its old id there); an unknown id, a wrong source
 * or a malformed file becomes an issue naming the sidecar, and the quotes are returned unchanged.
 */
export function attachAsks(
  quoteFile: string,
  sourceId: string,
  quotes: readonly Quote[],
  issues: LoadIssue[],
): Quote[] {
  const file = asksFileFor(quoteFile);
  if (file === quoteFile || !existsSync(file)) return [...quotes];
  let raw: unknown;
  try {
    const doc = parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const e of doc.errors) issues.push({ file, message: `invalid YAML: ${firstLine(e.message)}` });
      return [...quotes];
    }
    raw = doc.toJS();
  } catch (e) {
    issues.push({ file, message: `cannot read the file: ${e instanceof Error ? e.message : String(e)}` });
    return [...quotes];
  }
  const parsed = asksFileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const field = i.path.map(String).join('.');
      issues.push({ file, ...(field ? { field } : {}), message: i.message });
    }
    return [...quotes];
  }
  if (parsed.data.source !== sourceId) {
    issues.push({
      file,
      field: 'source',
      message: `names source "${parsed.data.source}" but sits beside the file of "${sourceId}"; ignored`,
    });
    return [...quotes];
  }
  const byName = new Map<string, number>();
  quotes.forEach((quote, i) => {
    byName.set(quote.id, i);
    for (const alias of aliasesOf(quote)) if (!byName.has(alias)) byName.set(alias, i);
  });
  const extra = quotes.map(() => new Set<string>());
  for (const [id, questions] of Object.entries(parsed.data.asks)) {
    const at = byName.get(id);
    if (at === undefined) {
      issues.push({
        file,
        quoteId: id,
        message: 'no quote has this id (nor as an alias); its questions are not searched',
      });
      continue;
    }
    for (const q of questions) extra[at]!.add(q.trim());
  }
  return quotes.map((quote, i) => (extra[i]!.size === 0 ? quote : { ...quote, asks: [...extra[i]!] }));
}

/** Former ids of a quote (the corpus keeps them as `aliases` when quotes are merged); none if the field is absent. */
function aliasesOf(quote: Quote): string[] {
  const aliases = (quote as { aliases?: unknown }).aliases;
  return Array.isArray(aliases) ? aliases.filter((a): a is string => typeof a === 'string') : [];
}

const firstLine = (s: string): string => (s.split('\n')[0] ?? s).replace(/:$/, '').trim();
