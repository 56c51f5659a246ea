import { errorLine, run } from '../../src/cli/common.js';
import type { CliCommand, CliIO } from '../../src/cli/types.js';
import { parseBaseUrl, renderManifest } from './manifest.js';

const USAGE = 'slack-manifest [--url https://host]';

/** Parses `--url X`, `--url=X`; anything else is a usage error. */
function parseArgs(args: readonly string[]): { url?: string; help?: boolean } | string {
  const out: { url?: string; help?: boolean } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--help' || arg === '-h') out.help = true;
    else if (arg === '--url') {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--'))
        return '--url needs a value, e.g. --url https://quotes.example.com';
      out.url = value;
      i++;
    } else if (arg.startsWith('--url=')) out.url = arg.slice('--url='.length);
    else return `unknown argument "${arg.slice(0, 50)}"`;
  }
  return out;
}

const fail = (io: CliIO, message: string): number => {
  io.stderr.write(`${errorLine('slack-manifest', message)}usage: ${run(USAGE)}\n`);
  return 2;
};

/** `mingyan slack-manifest [--url https://host]`: prints the Slack app manifest to paste into api.slack.com. */
export const slackManifestCommand: CliCommand = {
  name: 'slack-manifest',
  usage: USAGE,
  summary: 'Print the Slack app manifest (Socket Mode; with --url, HTTP request URLs filled in)',
  async run(args: string[], io: CliIO): Promise<number> {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') return fail(io, parsed);
    if (parsed.help) {
      io.stdout.write(`usage: ${run(USAGE)}\n${this.summary}\n`);
      return 0;
    }
    let base: string | undefined;
    if (parsed.url !== undefined) {
      const checked = parseBaseUrl(parsed.url);
      if (!checked.ok) return fail(io, checked.error);
      base = checked.value;
    }
    let text: string;
    try {
      text = renderManifest(base);
    } catch (error) {
      io.stderr.write(
        errorLine(
          'slack-manifest',
          `cannot read the manifest: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
      return 1;
    }
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return 0;
  },
};
