import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../src/cli/types.js';
import { doctorCommand } from '../src/doctor.js';
import { loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';

// The shipped corpus's size, not a number copied here: quotes are re-cut as the corpus is curated.
const SHIPPED = loadCorpus([shippedQuotesDir()]).quotes.length;

async function doctor(
  env: Record<string, string>,
  dotenv?: string,
): Promise<{ code: number; out: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'mingyan-doctor-'));
  if (dotenv !== undefined) writeFileSync(join(dir, '.env'), dotenv);
  let out = '';
  const stdout = new PassThrough();
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  const io: CliIO = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env, cwd: dir };
  const code = await doctorCommand.run([], io);
  return { code, out, dir };
}

const BOT = 'xoxb-1234567890-1234567890-abcdefABCDEF123456';
const SIGNING = '0123456789abcdef0123456789abcdef';

describe('mingyan doctor', () => {
  it('with nothing set: shell, defaults, the database would be created, the quotes load — and it creates nothing', async () => {
    const { code, out, dir } = await doctor({});
    expect(code).toBe(0);
    expect(out).toContain('adapters: shell; set: nothing (defaults)');
    expect(out).toMatch(/ok {3}database: .*mingyan\.db will be created on first start/);
    expect(SHIPPED).toBeGreaterThan(50);
    expect(out).toMatch(new RegExp(`ok {3}quotes: ${SHIPPED} quotes from 1 source`));
    expect(out).toContain('All checks passed.');
    expect(readdirSync(dir)).toEqual([]); // no ./data, no database file
  });

  it('reports what is configured, from .env too, without printing a secret or a URL password', async () => {
    const { code, out } = await doctor(
      { SLACK_API_URL: 'https://user:hunter2@proxy.example/api/' },
      `SLACK_BOT_TOKEN=${BOT}\nSLACK_SIGNING_SECRET=${SIGNING}\n`,
    );
    expect(code).toBe(0);
    expect(out).toContain('adapters: slack');
    expect(out).toContain('SLACK_BOT_TOKEN (secret)');
    expect(out).toContain('SLACK_API_URL=https://***@proxy.example/api/');
    expect(out).toMatch(/ok {3}SLACK_BOT_TOKEN: set, looks like a Slack bot token/);
    for (const secret of [BOT, SIGNING, 'hunter2']) expect(out).not.toContain(secret);
  });

  it('in Slack distribution mode says so and prints neither the client nor the state secret', async () => {
    const CLIENT = 'fedcba9876543210fedcba9876543210';
    const STATE = 'state-secret-for-doctor-0123456789';
    const { code, out } = await doctor({
      SLACK_CLIENT_ID: '123.456',
      SLACK_CLIENT_SECRET: CLIENT,
      SLACK_STATE_SECRET: STATE,
      SLACK_SIGNING_SECRET: SIGNING,
    });
    expect(code).toBe(0);
    expect(out).toContain('SLACK_CLIENT_SECRET (secret)');
    expect(out).toContain('SLACK_STATE_SECRET (secret)');
    expect(out).toMatch(
      /ok {3}Slack distribution: on: installs start at .*\/slack\/install; token rotation off/,
    );
    expect(out).toMatch(/ok {3}SLACK_CLIENT_SECRET: set, looks like a Slack client secret/);
    for (const secret of [CLIENT, STATE, SIGNING]) expect(out).not.toContain(secret);
  });

  it('flags a token that does not look right, and every config problem on its own line', async () => {
    const shaped = await doctor({ SLACK_BOT_TOKEN: 'xoxb-copied-badly', SLACK_APP_TOKEN: 'xapp-1-A1-1-ff' });
    expect(shaped.code).toBe(1);
    expect(shaped.out).toMatch(/FAIL SLACK_BOT_TOKEN: set, but does not look like a Slack bot token/);
    expect(shaped.out).not.toContain('xoxb-copied-badly');

    const broken = await doctor({ PORT: 'x', DEFAULT_TZ: 'Mars/Olympus' });
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/FAIL PORT:/);
    expect(broken.out).toMatch(/FAIL DEFAULT_TZ:/);
    expect(broken.out).toContain('2 problem(s) found.');

    const half = await doctor({ SLACK_APP_TOKEN: 'xapp-1-A1-1-ff' });
    expect(half.out).toMatch(/FAIL SLACK_BOT_TOKEN: is required for Slack/);
  });

  it('a missing QUOTES_DIR, a broken quote file and an unwritable database fail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mingyan-doctor-q-'));
    writeFileSync(join(dir, 'bad.yaml'), 'source: [unclosed\n');
    const missing = await doctor({ QUOTES_DIR: join(dir, 'nope') });
    expect(missing.out).toMatch(/FAIL QUOTES_DIR: .*nope does not exist/);
    const bad = await doctor({ QUOTES_DIR: dir });
    expect(bad.out).toMatch(
      new RegExp(`FAIL quotes: ${SHIPPED} quotes from 1 source\\(s\\); 1 problem\\(s\\):\n\\s+.*bad\\.yaml`),
    );
    // A database path under a regular file cannot be created by anyone, root included (CI runs as root).
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const db = await doctor({ MINGYAN_DB: join(file, 'sub', 'x.db') });
    expect(db.code).toBe(1);
    expect(db.out).toMatch(/FAIL database: .*x\.db is not writable \(.*a-file is a file, not a folder\)/);
    expect(existsSync(join(dir, 'sub'))).toBe(false);
  });
});
