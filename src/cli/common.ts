import { once } from 'node:events';
import { editDistance } from '../bot/text.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import type { CliCommand, CliIO } from './types.js';

/**
 * How a subcommand is run from a checkout, for usage lines and hints (`npm run -s mingyan -- topics`): what
 * the README says, and what works in a fresh clone, where no `mingyan` is on the PATH.
 */
export const CLI_RUN = 'npm run -s mingyan --';

/** The line to type for a subcommand: `run('topics')` is `npm run -s mingyan -- topics`. */
export function run(args: string): string {
  return `${CLI_RUN} ${args}`;
}

/**
 * Every error the command line writes starts `mingyan <command>: ` (or `mingyan: ` before a command is known),
 * in lower case, one line, then `usage: …` when the command was misused. `errorLine('search', 'x')`.
 */
export function errorLine(command: string | undefined, message: string): string {
  return `mingyan${command ? ` ${command}` : ''}: ${message}\n`;
}

/** Process exit codes: 0 done, 1 the work failed (e.g. invalid quote files, unknown id), 2 the command was misused. */
export const EXIT = Object.freeze({ ok: 0, failure: 1, usage: 2 });

/** Options a command accepts: boolean flags and options taking a value (`--limit 5` or `--limit=5`). */
export interface OptionSpec {
  /** Boolean flags, without the dashes. */
  flags?: readonly string[];
  /** Options that take a value, without the dashes. */
  values?: readonly string[];
}

/** Parsed arguments. */
export interface ParsedArgs {
  /** Flags that were given. */
  flags: Set<string>;
  /** Values of options that were given (the last one wins). */
  values: Map<string, string>;
  /** Everything else, in order; after `--` even words starting with a dash. */
  positionals: string[];
}

/** Parses `args` against `spec`; an unknown option or a missing value is a usage error (the message says which). */
export function parseArgs(args: readonly string[], spec: OptionSpec): Result<ParsedArgs, string> {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(arg.startsWith('--') ? 2 : 1, eq >= 0 ? eq : undefined);
    if (spec.flags?.includes(name) && eq < 0) {
      flags.add(name);
    } else if (spec.values?.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') return err(`--${name} needs a value`);
      values.set(name, value);
    } else {
      return err(`unknown option ${arg.split('=')[0]}`);
    }
  }
  return ok({ flags, values, positionals });
}

/** Writes a usage error (what is wrong, then the command's usage) and returns the usage exit code. */
export function usageError(io: CliIO, command: Pick<CliCommand, 'name' | 'usage'>, message: string): number {
  io.stderr.write(`${errorLine(command.name, message)}usage: ${run(command.usage)}\n`);
  return EXIT.usage;
}

/** Writes a failure and returns the failure exit code. */
export function failure(io: CliIO, command: Pick<CliCommand, 'name'>, message: string): number {
  io.stderr.write(errorLine(command.name, message));
  return EXIT.failure;
}

/** Writes a line and waits when the stream asks to (a slow reader of a long batch must not grow memory). */
export async function writeLine(stream: NodeJS.WritableStream, line: string): Promise<void> {
  if ((stream as { destroyed?: boolean }).destroyed) {
    // The reader closed the pipe: stop the command instead of answering a batch nobody reads.
    throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
  }
  if (!stream.write(`${line}\n`)) await once(stream, 'drain');
}

/**
 * The closest candidate to a mistyped word (edit distance up to a third of its length, at least 1), else the first
 * candidate containing it; undefined when nothing is close.
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const word = input.toLowerCase();
  const list = [...candidates];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of list) {
    const d = editDistance(word, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  if (best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3))) return best;
  return word.length >= 3 ? list.find((c) => c.toLowerCase().includes(word)) : undefined;
}
