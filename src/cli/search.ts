import { createInterface } from 'node:readline';
import { TOPICS } from '../quotes/schema.js';
import { createQuoteSearch } from '../search/index.js';
import type { Explanation, QuoteSearch, SearchOptions, SearchRefusal } from '../search/types.js';
import { EXIT, didYouMean, parseArgs, run, usageError, writeLine } from './common.js';
import { formatHit, toJsonHit } from './format.js';
import { loadQuotes } from './load.js';
import type { CliCommand, CliIO } from './types.js';

const MAX_LIMIT = 50;

/** `mingyan search`: ranked quotes for a query, readable or JSON; `--stdin` answers one query per input line. */
export const searchCommand: CliCommand = {
  name: 'search',
  usage: 'search [--json] [--limit N] [--topic T] QUERY | search --explain QUERY | search --json --stdin',
  summary:
    'find quotes by Chinese, pinyin or English words; --explain says why; --stdin reads one query per line',
  async run(args, io) {
    const parsed = parseArgs(args, { flags: ['json', 'stdin', 'explain'], values: ['limit', 'topic'] });
    if (!parsed.ok) return usageError(io, searchCommand, parsed.error);
    const { flags, values, positionals } = parsed.value;
    const options: SearchOptions = {};
    const limit = values.get('limit');
    if (limit !== undefined) {
      const n = Number(limit);
      if (!/^\d+$/.test(limit) || n < 1 || n > MAX_LIMIT) {
        return usageError(
          io,
          searchCommand,
          `--limit needs a whole number from 1 to ${MAX_LIMIT}, not "${limit}"`,
        );
      }
      options.limit = n;
    }
    const topic = values.get('topic');
    if (topic !== undefined) {
      if (!(TOPICS as readonly string[]).includes(topic))
        return usageError(io, searchCommand, unknownTopic(topic));
      options.topic = topic;
    }
    const query = positionals.join(' ');
    if (flags.has('stdin')) {
      if (!flags.has('json'))
        return usageError(io, searchCommand, '--stdin answers in JSON lines: add --json');
      if (positionals.length > 0)
        return usageError(io, searchCommand, 'give the queries on stdin or as arguments, not both');
      if (flags.has('explain'))
        return usageError(io, searchCommand, '--explain explains one query: give it as an argument');
    } else if (query.trim() === '') {
      return usageError(
        io,
        searchCommand,
        'what should I search for? Give a QUERY in Chinese, pinyin or English',
      );
    }

    const corpus = loadQuotes(io, searchCommand.name);
    if (!corpus.ok) return corpus.error;
    const search = createQuoteSearch(corpus.value.quotes);
    if (flags.has('stdin')) return batch(search, options, io);
    if (flags.has('explain')) {
      const explained = search.explain(query, options);
      if (!explained.ok) return usageError(io, searchCommand, refusalMessage(explained.error));
      await writeLine(
        io.stdout,
        flags.has('json')
          ? JSON.stringify({ ...explained.value, hits: explained.value.hits.map(toJsonHit) })
          : formatExplanation(query, explained.value),
      );
      return EXIT.ok;
    }

    const result = search.search(query, options);
    if (!result.ok) return usageError(io, searchCommand, refusalMessage(result.error));
    if (flags.has('json')) {
      await writeLine(io.stdout, JSON.stringify(result.value.map(toJsonHit)));
    } else if (result.value.length === 0) {
      await writeLine(
        io.stdout,
        `No quote matched "${query}". Try other words, or see the topics: ${run('topics')}`,
      );
    } else {
      await writeLine(io.stdout, result.value.map((hit, i) => formatHit(i + 1, hit)).join('\n\n'));
    }
    return EXIT.ok;
  },
};

/**
 * One JSON array per input line, in order, written as soon as it is ready: an empty or refused query gets `[]`,
 * so a reader can pair lines without counting on anything else.
 */
async function batch(search: QuoteSearch, options: SearchOptions, io: CliIO): Promise<number> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
  let first = true;
  for await (const raw of lines) {
    const line = first ? raw.replace(/^\uFEFF/, '') : raw;
    first = false;
    let json = '[]';
    try {
      const result = search.search(line, options);
      if (result.ok) json = JSON.stringify(result.value.map(toJsonHit));
    } catch (e) {
      // A search bug must not end the batch: the reader still gets its line, the cause goes to stderr.
      io.stderr.write(
        `mingyan search: query failed (${e instanceof Error ? e.message : String(e)}): ${line.slice(0, 80)}\n`,
      );
    }
    await writeLine(io.stdout, json);
  }
  return EXIT.ok;
}

/** Most contributions listed for the top hit: the rest are small change. */
const MAX_CONTRIBUTIONS = 12;

/** `search --explain` for a terminal: the hits, then why the first won or why nothing did. */
export function formatExplanation(query: string, e: Explanation): string {
  const pct = (x: number): string => `${Math.round(100 * x)}%`;
  const lines: string[] = [];
  lines.push(
    e.hits.length === 0
      ? `No quote matched "${query}".`
      : e.hits.map((hit, i) => formatHit(i + 1, hit)).join('\n\n'),
  );
  lines.push('', 'Why:');
  lines.push(
    `  content words: ${e.words.length === 0 ? '(none)' : e.words.map((w) => `${w.word} (${w.mass.toFixed(1)})`).join(', ')}`,
  );
  if (e.weak.length > 0) lines.push(`  weak terms (add to a match, cannot make one): ${e.weak.join(' ')}`);
  lines.push(
    `  ${e.asksSomething ? 'asks something: the questions quotes answer count too' : 'not a question: only the quotes themselves count'}`,
  );
  if (e.top !== undefined) {
    lines.push(`  top hit ${e.top.id} explains ${pct(e.top.coverage)} of the query's content:`);
    lines.push(`    ${e.top.words.map((w) => `${w.word} ${pct(w.share)}`).join(', ')}`);
    lines.push('  points:');
    for (const c of e.top.contributions.slice(0, MAX_CONTRIBUTIONS)) {
      const where = c.kind === 'term' ? ` in ${c.fields.length > 0 ? c.fields.join(', ') : 'a concept'}` : '';
      lines.push(`    ${c.points.toFixed(2).padStart(6)}  ${c.kind} ${c.what}${where}`);
    }
    const rest = e.top.contributions.length - MAX_CONTRIBUTIONS;
    if (rest > 0) lines.push(`    … and ${rest} smaller`);
  }
  if (e.confidence !== undefined) lines.push(`  confidence (top score / ideal score): ${pct(e.confidence)}`);
  for (const t of e.turnedDown) {
    lines.push(`  turned down ${t.id}: explains only ${pct(t.coverage)} of the query's content`);
  }
  return lines.join('\n');
}

function refusalMessage(refusal: SearchRefusal): string {
  switch (refusal.reason) {
    case 'empty':
      return 'the query has nothing to search for; give words in Chinese, pinyin or English';
    case 'too-long':
      return `the query is too long (${refusal.length} characters; at most ${refusal.max})`;
    case 'unknown-topic':
      return unknownTopic(refusal.topic);
  }
}

/** The message for a topic outside the vocabulary, with the closest one. */
export function unknownTopic(topic: string): string {
  const near = didYouMean(topic, TOPICS);
  return `unknown topic "${topic}"${near ? ` (did you mean "${near}"?)` : ''}; see them all with: ${run('topics')}`;
}
