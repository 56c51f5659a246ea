// One error style for the whole command line, and hints that work from a fresh checkout: every error starts
// `mingyan <command>: `, every usage line and hint names `npm run -s mingyan -- <command>` (no `mingyan` is on
// the PATH of a clone).
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { discordRegisterCommand } from '../adapters/discord/register-command.js';
import { slackManifestCommand } from '../adapters/slack/manifest-command.js';
import { runCli } from '../src/cli.js';
import { coreCommands } from '../src/cli/index.js';
import type { CliIO } from '../src/cli/types.js';
import { doctorCommand } from '../src/doctor.js';
import { scheduleCommand } from '../src/schedule/cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const commands = [
  ...coreCommands,
  scheduleCommand,
  doctorCommand,
  slackManifestCommand,
  discordRegisterCommand,
];

async function cli(argv: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: '', err: '' };
  stdout.on('data', (d: Buffer) => (chunks.out += d.toString()));
  stderr.on('data', (d: Buffer) => (chunks.err += d.toString()));
  const io: CliIO = { stdout, stderr, stdin: Readable.from(['']), env, cwd: root };
  const code = await runCli(argv, io, commands);
  await new Promise((r) => setImmediate(r));
  return { code, out: chunks.out, err: chunks.err };
}

// A bare `mingyan <subcommand>` that a clone cannot run (the prefix `mingyan search:` of an error is fine).
const BARE_HINT =
  /(?<!-- )\bmingyan (?:help|search|list|show|random|topics|validate|schedule|doctor|start|slack-manifest|discord-register)\b(?!:)/;

describe('command-line errors', () => {
  it.each([
    [['serch', 'x']],
    [['search']],
    [['search', '--limit', 'x', '贫穷']],
    [['search', '--topic', 'nope', '贫穷']],
    [['show']],
    [['show', 'no-such-quote']],
    [['random', '--topic', 'nope']],
    [['list', '--nope']],
    [['validate', 'no/such/dir']],
    [['schedule', 'nope']],
    [['slack-manifest', '--nope']],
    [['discord-register', '--guild', 'general']],
    [['discord-register']],
  ])('%j: one style, `mingyan <command>: …`, and runnable hints', async (argv) => {
    const r = await cli(argv);
    expect(r.code).not.toBe(0);
    const lines = r.err.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^mingyan(?: [a-z-]+)?: [a-z"-]/);
    for (const line of lines.filter((l) => l.startsWith('usage:')))
      expect(line).toMatch(/^usage: npm run -s mingyan -- [a-z-]+/);
    expect(r.err + r.out).not.toMatch(BARE_HINT);
  });

  it('a search that finds nothing points at the topics as a checkout runs it', async () => {
    const r = await cli(['search', 'zzzzqqq']);
    expect(r.out).toContain('see the topics: npm run -s mingyan -- topics');
  });

  it('the help and every usage line name the checkout form', async () => {
    const help = await cli(['help']);
    expect(help.out).toContain('Usage: npm run -s mingyan -- <command> [options]');
    for (const c of commands) {
      const r = await cli([c.name, '--help']);
      expect(r.out, c.name).toMatch(/^usage: npm run -s mingyan -- /);
      expect(r.out).not.toMatch(BARE_HINT);
    }
  });
});
