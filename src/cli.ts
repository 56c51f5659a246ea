import { EXIT, didYouMean, errorLine, run } from './cli/common.js';
import type { CliCommand, CliIO } from './cli/types.js';
import type { Result } from './result.js';
import { err, ok } from './result.js';

/** The `mingyan` command line: a registry of subcommands with generated help (as in hubot's command registry). */

const HELP: Pick<CliCommand, 'name' | 'usage' | 'summary'> = {
  name: 'help',
  usage: 'help [COMMAND]',
  summary: 'show this help, or one command’s usage',
};

/** Commands by name; two commands with one name (or one named `help`) is a wiring bug, reported as an error. */
export function createCommandRegistry(
  commands: readonly CliCommand[],
): Result<ReadonlyMap<string, CliCommand>, string> {
  const registry = new Map<string, CliCommand>();
  for (const command of commands) {
    if (command.name === HELP.name || registry.has(command.name)) {
      return err(`two commands are named "${command.name}"`);
    }
    registry.set(command.name, command);
  }
  return ok(registry);
}

/** The generated help: every command's usage and summary, then exit codes and the environment it reads. */
export function helpText(commands: Iterable<Pick<CliCommand, 'usage' | 'summary'>>): string {
  const entries = [...commands, HELP];
  // Long usages go on their own line, so one of them does not push every summary to the right.
  const width = Math.max(...entries.map((c) => c.usage.length).filter((n) => n <= 36));
  const rows = entries.map((c) =>
    c.usage.length > width
      ? `  ${c.usage}\n  ${' '.repeat(width)}  ${c.summary}`
      : `  ${c.usage.padEnd(width)}  ${c.summary}`,
  );
  return [
    "mingyan 名言: quotes from Zhou Ming's 2023 interview with LatePost",
    '',
    `Usage: ${run('<command> [options]')}`,
    '',
    'Commands:',
    ...rows,
    '',
    'Exit codes: 0 ok, 1 failure (e.g. problems in quote files, unknown id), 2 usage error.',
    'QUOTES_DIR adds a folder of your own quote files to the shipped quotes/.',
    '',
  ].join('\n');
}

const wantsHelp = (args: readonly string[]): boolean => {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
};

/** Runs `mingyan <argv>` and resolves to the exit code; never throws and never shows a stack trace. */
export async function runCli(argv: string[], io: CliIO, commands: readonly CliCommand[]): Promise<number> {
  const registry = createCommandRegistry(commands);
  if (!registry.ok) {
    io.stderr.write(`mingyan: internal error: ${registry.error}\n`);
    return EXIT.failure;
  }
  const known = registry.value;
  const [name, ...args] = argv;
  if (name === undefined || name === '') {
    io.stderr.write(helpText(known.values()));
    return EXIT.usage;
  }
  if (name === HELP.name || name === '--help' || name === '-h') {
    const topic = args[0];
    if (topic === undefined) {
      io.stdout.write(helpText(known.values()));
      return EXIT.ok;
    }
    const command = known.get(topic);
    if (!command) return unknownCommand(topic, known, io);
    io.stdout.write(`usage: ${run(command.usage)}\n  ${command.summary}\n`);
    return EXIT.ok;
  }
  const command = known.get(name);
  if (!command) return unknownCommand(name, known, io);
  if (wantsHelp(args)) {
    io.stdout.write(`usage: ${run(command.usage)}\n  ${command.summary}\n`);
    return EXIT.ok;
  }
  // `mingyan list | head` closes the pipe early: that ends the output, quietly, as in other Unix tools.
  let readerGone = false;
  const onStdoutError = (e: NodeJS.ErrnoException): void => {
    if (e.code === 'EPIPE') readerGone = true;
  };
  io.stdout.on('error', onStdoutError);
  try {
    return await command.run(args, io);
  } catch (e) {
    if (readerGone || (e as NodeJS.ErrnoException).code === 'EPIPE') return EXIT.ok;
    // A bug or an I/O failure: say what happened in one line; users never see a stack trace.
    io.stderr.write(`mingyan ${name}: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.failure;
  } finally {
    io.stdout.off('error', onStdoutError);
  }
}

function unknownCommand(name: string, known: ReadonlyMap<string, CliCommand>, io: CliIO): number {
  const near = didYouMean(name, [...known.keys(), HELP.name]);
  io.stderr.write(
    errorLine(
      undefined,
      `unknown command "${name}".${near ? ` Did you mean "${run(near)}"?` : ''} "${run('help')}" lists them.`,
    ),
  );
  return EXIT.usage;
}
