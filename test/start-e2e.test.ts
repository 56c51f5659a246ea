import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
// `--import tsx` resolves from the working directory, which is a temp folder here.
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `mingyan start` as `npm start` does (tsx bin/mingyan.ts start), in a clean environment. */
function startBot(
  env: Record<string, string>,
  input?: string,
  whileRunning?: (child: ReturnType<typeof spawn>, out: () => string) => void,
): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'mingyan-start-'));
  const child = spawn(process.execPath, ['--import', tsxLoader, join(root, 'bin/mingyan.ts'), 'start'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      MINGYAN_DB: join(dir, 'bot.db'),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  if (input !== undefined) child.stdin.end(input);
  whileRunning?.(child, () => stdout);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

describe('npm start', () => {
  it('with no tokens, answers commands piped to the shell adapter and exits 0 at end of input', async () => {
    const run = await startBot({}, '/quote 贫穷\n/quote id company-must-survive\n');
    expect(run.stderr).not.toMatch(/Error|at .*\.ts:\d+/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('贫穷限制了想象力');
    expect(run.stdout).toContain('公司要活下来');
    expect(run.stdout).toContain('周明');
  });

  // Configuration problems are checked in process: test/config.test.ts runs the start command itself.

  it('shuts down gracefully on SIGTERM with exit code 0', async () => {
    const run = await startBot({}, undefined, (child, out) => {
      child.stdin?.write('/quote 公司要活下来\n');
      const poll = setInterval(() => {
        if (out().includes('公司要活下来')) {
          clearInterval(poll);
          child.kill('SIGTERM');
        }
      }, 50);
    });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
  });

  // Without the race against the signal this waits for the adapter's 30 s start timeout, then exits 1.
  it('a SIGTERM while an adapter is still connecting stops at once with exit code 0', async () => {
    // A Discord API that accepts connections and never answers: the adapter's start() hangs.
    const sockets: Socket[] = [];
    const hanging = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as { port: number };
    const run = await startBot(
      {
        MINGYAN_ADAPTERS: 'discord',
        DISCORD_TOKEN: 'test-token.for-a-hanging-api.only',
        DISCORD_APPLICATION_ID: '123456789012345678',
        DISCORD_API_URL: `http://127.0.0.1:${port}/api`,
        HEALTH_PORT: '0',
      },
      undefined,
      (child) => {
        const poll = setInterval(() => {
          if (sockets.length > 0) {
            clearInterval(poll);
            child.kill('SIGTERM');
          }
        }, 50);
      },
    );
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => hanging.close(() => resolve()));
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('cannot start');
  });
});
