import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { coreCommands } from '../src/cli/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** `mingyan …` against the shipped quotes, in memory. */
async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: '', err: '' };
  stdout.on('data', (d: Buffer) => (chunks.out += d.toString()));
  stderr.on('data', (d: Buffer) => (chunks.err += d.toString()));
  const code = await runCli(
    argv,
    { stdout, stderr, stdin: Readable.from(['']), env: {}, cwd: root },
    coreCommands,
  );
  await new Promise((r) => setImmediate(r));
  return { code, stdout: chunks.out, stderr: chunks.err };
}

describe('mingyan search --explain', () => {
  it('shows the hits, then the content words, their coverage and the points by field', async () => {
    const { code, stdout } = await cli(['search', '--explain', '--limit', '2', 'why 2B']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^1\. \[1\.00\] /);
    expect(stdout).toContain('Why:');
    expect(stdout).toContain('content words: 2b');
    expect(stdout).toMatch(/explains 100% of the query's content/);
    expect(stdout).toMatch(/term @2b in [a-z, ]*text/);
    expect(stdout).toMatch(/question /);
  });

  it('says why nothing matched an off-topic query', async () => {
    const { code, stdout } = await cli(['search', '--explain', '天气预报']);
    expect(code).toBe(0);
    expect(stdout).toContain('No quote matched "天气预报".');
    expect(stdout).toMatch(/content words: 天气 \(\d/);
  });

  it('prints the explanation as JSON with --json', async () => {
    const { stdout } = await cli(['search', '--explain', '--json', '怎么看OpenAI']);
    const parsed = JSON.parse(stdout) as { hits: Array<{ id: string; text: string }>; top: { id: string } };
    expect(parsed.top.id).toBe(parsed.hits[0]?.id);
  });

  it('refuses --explain with --stdin', async () => {
    const { code, stderr } = await cli(['search', '--json', '--stdin', '--explain']);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/--explain explains one query/);
  });
});
