/** Streams and environment for one CLI run; tests pass their own. */
export interface CliIO {
  /** Where results go. */
  stdout: NodeJS.WritableStream;
  /** Where errors and usage go. */
  stderr: NodeJS.WritableStream;
  /** Input for --stdin and the shell adapter. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** The environment (only config.ts interprets it). */
  env: Readonly<Record<string, string | undefined>>;
  /** Working directory (relative paths such as QUOTES_DIR resolve from here). */
  cwd: string;
}

/** One `mingyan <name>` subcommand. The registry rejects duplicate names and generates the help. */
export interface CliCommand {
  /** Subcommand name, e.g. `search`. */
  name: string;
  /** Usage line without the program name, e.g. `search [--json] [--limit N] QUERY`. */
  usage: string;
  /** One-line description for the help. */
  summary: string;
  /** Runs it; resolves to the process exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}
