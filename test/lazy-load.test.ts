// Start-up cost: discord.js and Bolt take seconds to import on a small machine, so the shell, `search` and `help`
// must answer without loading them. Checked structurally, not by timing: the processes run with a loader hook that
// makes importing either library fail.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commands } from '../bin/commands.js';

const root = join(import.meta.dirname, '..');
const forbid = pathToFileURL(join(root, 'test/fixtures/forbid-platform-libraries.mjs')).href;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm start` and `npm run mingyan`'s own command line (node options, then bin/launch.js). */
function launchArgs(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: { mingyan: string };
  };
  const [node, ...rest] = pkg.scripts.mingyan.split(/\s+/);
  expect(node).toBe('node');
  expect(rest.at(-1)).toBe('bin/launch.js');
  return rest.map((a) => (a === 'bin/launch.js' ? join(root, a) : a));
}

/** Runs `mingyan <args>` as the npm scripts do, with discord.js and @slack/bolt made unimportable. */
function run(args: string[], input: string, env: Record<string, string> = {}): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'mingyan-lazy-'));
  const child = spawn(process.execPath, ['--import', forbid, ...launchArgs(), ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir, MINGYAN_DB: join(dir, 'bot.db'), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('what each command loads', () => {
  it('the shell answers without importing discord.js or @slack/bolt', async () => {
    const r = await run(['start'], '/quote 贫穷\n');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('贫穷限制了想象力');
    expect(r.code).toBe(0);
  });

  it('search and help answer without them', async () => {
    const search = await run(['search', '贫穷'], '');
    expect(search.stdout).toContain('poverty-limits-imagination');
    expect(search.code).toBe(0);
    const help = await run(['help'], '');
    expect(help.stdout).toContain('discord-register');
    expect(help.code).toBe(0);
  });

  it('a configured Discord does import discord.js (so the check above can fail)', async () => {
    const r = await run(['start'], '', {
      DISCORD_TOKEN: 'test-token.for-a-blocked-import.only',
      DISCORD_APPLICATION_ID: '123456789012345678',
      HEALTH_PORT: '0',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('forbidden import: discord.js');
  });
});

describe('the command table', () => {
  it('shows each command as the module it loads describes itself', async () => {
    // All mismatches at once: a command module's new usage or summary must be copied into bin/commands.ts.
    const drift: string[] = [];
    for (const lazy of commands) {
      const real = await lazy.load();
      for (const key of ['name', 'usage', 'summary'] as const) {
        if (lazy[key] !== real[key])
          drift.push(`${lazy.name}.${key}: the module says ${JSON.stringify(real[key])}`);
      }
    }
    expect(drift).toEqual([]);
  });
});
