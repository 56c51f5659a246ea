import { createInterface } from 'node:readline';
import { TOPICS } from '../quotes/schema.js';
import { createQuoteSearch } from '../search/index.js';
import type { QuoteSearch, SearchOptions, SearchRefusal } from '../search/types.js';
import { EXIT, didYouMean, parseArgs, run, usageError, writeLine } from './common.js';
import { formatHit, toJsonHit } from './format.js';
import { loadQuotes } from './load.js';
import type { CliCommand, CliIO } from './types.js';

const MAX_LIMIT = 50;

/** `mingyan search`: ranked quotes for a query, readable or JSON; `--stdin` answers one query per input line. */
export const searchCommand: CliCommand = {
  name: 'search',
  usage: 'search [--json] [--limit N] [--topic T] QUERY | search --json --stdin',
  summary: 'find quotes by Chinese, pinyin or English words; --stdin reads one query per line',
  async run(args, io) {
    const parsed = parseArgs(args, { flags: ['json', 'stdin'], values: ['limit', 'topic'] });
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
