import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { coreCommands } from '../src/cli/index.js';
import { loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';

const VALID = join(import.meta.dirname, 'fixtures/quotes/valid');

describe('the command line reads .env like the bot does', () => {
  it('QUOTES_DIR set in .env (relative to the working directory) is loaded by list and search', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mingyan-cli-env-'));
    writeFileSync(join(dir, '.env'), `QUOTES_DIR=${VALID}\n`);
    let out = '';
    const stdout = new PassThrough();
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    const io = { stdout, stderr: new PassThrough(), stdin: Readable.from(['']), env: {}, cwd: dir };
    expect(await runCli(['list', '--json'], io, coreCommands)).toBe(0);
    await new Promise((r) => setImmediate(r));
    const ids = (JSON.parse(out) as { id: string }[]).map((q) => q.id);
    expect(ids).toContain('company-must-survive'); // shipped
    expect(ids.length).toBe(loadCorpus([shippedQuotesDir()]).quotes.length + 5); // plus the fixture's five quotes
  });
});
