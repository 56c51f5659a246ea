// A container started before its .env is filled in has no platform configured and stdin on /dev/null: the bot must
// fail, naming what to set, instead of opening a shell that ends at once with exit code 0 (a silent restart loop).
// A terminal or a piped script still gets the shell.
import { spawn, type StdioOptions } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adapterFactories } from '../bin/commands.js';
import { inputKind, type InputKind } from '../src/cli/input.js';
import { createStartCommand } from '../src/cli/start.js';

const root = join(import.meta.dirname, '..');
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `mingyan start` in a folder with no .env and a clean environment; stdin as given. */
function start(stdin: 'ignore' | 'pipe', env: Record<string, string> = {}, input = ''): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'mingyan-noinput-'));
  const stdio: StdioOptions = [stdin, 'pipe', 'pipe'];
  const child = spawn(process.execPath, ['--import', tsxLoader, join(root, 'bin/mingyan.ts'), 'start'], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir, MINGYAN_DB: join(dir, 'bot.db'), ...env },
    stdio,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin?.end(input);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('inputKind', () => {
  it('tells /dev/null and a closed descriptor (no input) from a pipe or a file (data)', () => {
    const devNull = openSync('/dev/null', 'r');
    const file = join(mkdtempSync(join(tmpdir(), 'mingyan-input-')), 'script.txt');
    writeFileSync(file, '/quote\n');
    const fileFd = openSync(file, 'r');
    try {
      expect(inputKind(devNull)).toBe('none');
      expect(inputKind(fileFd)).toBe('data');
    } finally {
      closeSync(devNull);
      closeSync(fileFd);
    }
    expect(inputKind(devNull)).toBe('none'); // closed now
  });
});

/**
 * `start` in process, as bin/commands.ts builds it, with stdin of the given kind carrying `input`: each `mingyan
 * start` process costs about a second of CPU, so only the wiring of the real stdin is checked by a process (below).
 */
async function startInProcess(kind: InputKind, env: Record<string, string> = {}, input = ''): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'mingyan-noinput-'));
  const out = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        out[key] += String(chunk);
        done();
      },
    });
  const code = await createStartCommand(adapterFactories, { input: () => kind }).run([], {
    stdout: sink('stdout'),
    stderr: sink('stderr'),
    stdin: Readable.from(input ? [input] : []),
    env: { HOME: dir, MINGYAN_DB: join(dir, 'bot.db'), ...env },
    cwd: dir,
  });
  return { code, ...out };
}

describe('start with nothing configured', () => {
  it('and stdin on /dev/null (a container): the process exits 1 naming the variables to set', async () => {
    const r = await start('ignore');
    expect(r.code).toBe(1);
    for (const variable of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID'])
      expect(r.stderr).toContain(variable);
    expect(r.stderr).toContain('.env');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('and no input: exits 1 naming the variables to set (in process)', async () => {
    const r = await startInProcess('none');
    expect(r.code).toBe(1);
    for (const variable of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID'])
      expect(r.stderr).toContain(variable);
    expect(r.stdout).toBe('');
  });

  it('and a piped script: the shell answers it', async () => {
    const r = await startInProcess('data', {}, '/quote 贫穷\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('贫穷限制了想象力');
  });

  it('and an empty pipe: the shell opens and ends with the input, exit 0', async () => {
    const r = await startInProcess('data');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('MINGYAN_ADAPTERS=shell asks for the shell even with no input', async () => {
    const r = await startInProcess('none', { MINGYAN_ADAPTERS: 'shell' });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
