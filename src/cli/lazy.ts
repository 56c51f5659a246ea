import type { CliCommand } from './types.js';

/** What the help and the registry show of a command, available before its module is loaded. */
export type CommandInfo = Pick<CliCommand, 'name' | 'usage' | 'summary'>;

/** A subcommand whose module is imported only when it runs. */
export interface LazyCommand extends CliCommand {
  /** Imports the command's module (once) and returns the real command. */
  load(): Promise<CliCommand>;
}

/**
 * A subcommand known by its name, usage and summary, whose module is imported when it runs: `mingyan help` and
 * `mingyan search` must not pay for discord.js and Bolt (seconds on a small machine) or for each other's libraries.
 */
export function lazyCommand(info: CommandInfo, load: () => Promise<CliCommand>): LazyCommand {
  let loading: Promise<CliCommand> | undefined;
  const command: LazyCommand = {
    name: info.name,
    usage: info.usage,
    summary: info.summary,
    load: () => (loading ??= load()),
    run: async (args, io) => (await command.load()).run(args, io),
  };
  return command;
}
