import type { Corpus } from '../quotes/corpus.js';
import { answerContext } from '../quotes/context.js';
import { randomQuote, topicCounts } from '../quotes/pick.js';
import type { Quote } from '../quotes/schema.js';
import { TOPICS } from '../quotes/schema.js';
import { EXIT, failure, parseArgs, run, usageError, writeLine } from './common.js';
import { formatQuote } from './format.js';
import { loadQuoteById, loadQuotes } from './load.js';
import { unknownTopic } from './search.js';
import type { CliCommand, CliIO } from './types.js';

/** `mingyan list`: every quote, one line each, or all fields as JSON. */
export const listCommand: CliCommand = {
  name: 'list',
  usage: 'list [--json] [--topic T]',
  summary: 'list every quote (--json: all fields)',
  async run(args, io) {
    const parsed = parseArgs(args, { flags: ['json'], values: ['topic'] });
    if (!parsed.ok) return usageError(io, listCommand, parsed.error);
    const { flags, values, positionals } = parsed.value;
    if (positionals.length > 0) return usageError(io, listCommand, `unexpected argument "${positionals[0]}"`);
    const topic = values.get('topic');
    if (topic !== undefined && !(TOPICS as readonly string[]).includes(topic)) {
      return usageError(io, listCommand, unknownTopic(topic));
    }
    const corpus = loadQuotes(io, listCommand.name);
    if (!corpus.ok) return corpus.error;
    const quotes = corpus.value.quotes.filter(
      (q) => topic === undefined || (q.topics as string[]).includes(topic),
    );
    if (flags.has('json')) {
      await writeLine(io.stdout, JSON.stringify(quotes, null, 2));
    } else {
      const width = Math.max(0, ...quotes.map((q) => q.id.length));
      for (const q of quotes) await writeLine(io.stdout, `${q.id.padEnd(width)}  ${q.text}`);
    }
    return EXIT.ok;
  },
};

/** `mingyan show ID`: one quote in full; `--context` adds the question and the whole answer from the source. */
export const showCommand: CliCommand = {
  name: 'show',
  usage: 'show [--json] [--context] ID',
  summary: 'show one quote with its question and source (--context: the whole answer)',
  async run(args, io) {
    const parsed = parseArgs(args, { flags: ['json', 'context'] });
    if (!parsed.ok) return usageError(io, showCommand, parsed.error);
    const { flags, positionals } = parsed.value;
    if (positionals.length !== 1)
      return usageError(io, showCommand, `give exactly one quote ID (see: ${run('list')})`);
    const found = loadQuoteById(io, showCommand.name, positionals[0] as string);
    if (!found.ok) return found.error;
    await printQuote(found.value.quote, found.value.corpus, flags, io);
    return EXIT.ok;
  },
};

/** `mingyan random`: a random quote, optionally of one topic or only daily insights. */
export const randomCommand: CliCommand = {
  name: 'random',
  usage: 'random [--json] [--context] [--topic T] [--insight]',
  summary: 'show a random quote',
  async run(args, io) {
    const parsed = parseArgs(args, { flags: ['json', 'context', 'insight'], values: ['topic'] });
    if (!parsed.ok) return usageError(io, randomCommand, parsed.error);
    const { flags, values, positionals } = parsed.value;
    if (positionals.length > 0)
      return usageError(io, randomCommand, `unexpected argument "${positionals[0]}"`);
    const topic = values.get('topic');
    if (topic !== undefined && !(TOPICS as readonly string[]).includes(topic)) {
      return usageError(io, randomCommand, unknownTopic(topic));
    }
    const corpus = loadQuotes(io, randomCommand.name);
    if (!corpus.ok) return corpus.error;
    const quote = randomQuote(
      corpus.value.quotes,
      Math.random,
      (q) =>
        (topic === undefined || (q.topics as string[]).includes(topic)) &&
        (!flags.has('insight') || q.insight),
    );
    if (!quote)
      return failure(
        io,
        randomCommand,
        `no quote fits (are the quote files loaded? try: ${run('validate')})`,
      );
    await printQuote(quote, corpus.value, flags, io);
    return EXIT.ok;
  },
};

/** `mingyan topics`: the topics that have quotes, with labels and counts. */
export const topicsCommand: CliCommand = {
  name: 'topics',
  usage: 'topics [--json]',
  summary: 'list the topics with how many quotes each has',
  async run(args, io) {
    const parsed = parseArgs(args, { flags: ['json'] });
    if (!parsed.ok) return usageError(io, topicsCommand, parsed.error);
    if (parsed.value.positionals.length > 0) {
      return usageError(io, topicsCommand, `unexpected argument "${parsed.value.positionals[0]}"`);
    }
    const corpus = loadQuotes(io, topicsCommand.name);
    if (!corpus.ok) return corpus.error;
    const topics = topicCounts(corpus.value.quotes);
    if (parsed.value.flags.has('json')) {
      await writeLine(io.stdout, JSON.stringify(topics));
      return EXIT.ok;
    }
    const width = Math.max(0, ...topics.map((t) => t.id.length));
    for (const t of topics) {
      const label = t.label.zh === t.label.en ? t.label.en : `${t.label.zh} / ${t.label.en}`;
      await writeLine(io.stdout, `${t.id.padEnd(width)}  ${String(t.count).padStart(3)}  ${label}`);
    }
    return EXIT.ok;
  },
};

async function printQuote(quote: Quote, corpus: Corpus, flags: Set<string>, io: CliIO): Promise<void> {
  const context = flags.has('context') ? answerContext(quote, corpus) : undefined;
  if (flags.has('json')) {
    await writeLine(io.stdout, JSON.stringify(context ? { ...quote, context } : quote, null, 2));
    return;
  }
  await writeLine(io.stdout, formatQuote(quote, corpus));
  if (context) {
    // The question is already in the quote block above; the context adds the whole answer around the quote.
    await writeLine(
      io.stdout,
      `\n  In context (verbatim):\n\n${context.answer.map((p) => `  ${p}`).join('\n\n')}`,
    );
  }
}
