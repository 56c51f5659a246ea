import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// `search --json --stdin` as a real process through the composition root: the evaluation script and the latency
// bench talk to it this way, so line pairing and flushing are checked on real pipes, not in-memory streams.
const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx/cli');

it('answers one JSON line per stdin line, in order, each written before the next query arrives', async () => {
  const child = spawn(
    process.execPath,
    [tsx, 'bin/mingyan.ts', 'search', '--json', '--stdin', '--limit', '3'],
    {
      cwd: root,
      // A clean environment: no tokens of the developer's shell can change what the CLI does.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, QUOTES_DIR: 'test/fixtures/quotes/valid' },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  const waiters: { lines: number; resolve: () => void }[] = [];
  const lineCount = (): number => out.split('\n').length - 1;
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    for (const w of waiters.filter((w) => lineCount() >= w.lines)) w.resolve();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const linesOut = (lines: number): Promise<void> =>
    lineCount() >= lines ? Promise.resolve() : new Promise((resolve) => waiters.push({ lines, resolve }));

  // The first answer must come while stdin is still open: batch mode does not buffer to the end.
  child.stdin.write('简单就是力量\n');
  await Promise.race([
    linesOut(1),
    exited.then(() => Promise.reject(new Error(`the CLI exited early: ${err}`))),
  ]);
  expect(JSON.parse(out.split('\n')[0] as string)[0].text).toContain('简单就是力量');

  child.stdin.end(['', 'x'.repeat(10_000), '因为有趣'].join('\n'));
  expect(await exited).toBe(0);
  const lines = out.split('\n');
  expect(lines.pop()).toBe('');
  expect(lines).toHaveLength(4);
  const results = lines.map((l) => JSON.parse(l) as { id: string }[]);
  expect(results[1]).toEqual([]);
  expect(results[2]).toEqual([]);
  expect(results[3]?.[0]?.id).toBe('because-its-fun');
}, 60_000);
