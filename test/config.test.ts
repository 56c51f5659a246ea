import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createStartCommand } from '../src/cli/start.js';
import { CONFIG_VARIABLES, formatConfigProblems, loadConfig, readDotEnv } from '../src/config.js';

const problemsOf = (env: Record<string, string>) => {
  const r = loadConfig(env);
  return r.ok ? [] : r.error;
};

describe('configuration', () => {
  it('with nothing set, runs the shell adapter with documented defaults', () => {
    const r = loadConfig({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      adapters: ['shell'],
      dbPath: './data/mingyan.db',
      defaultTimeZone: 'Asia/Shanghai',
      logLevel: 'warn',
      healthPort: 8080,
      missedWindowHours: 6,
      slack: { port: 3000 },
    });
  });

  it('picks the adapters whose tokens are set', () => {
    const r = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_APP_TOKEN: 'xapp-1-A1-1-ff',
      DISCORD_TOKEN: 'x.y.z',
      DISCORD_APPLICATION_ID: '123456789012345678',
    });
    expect(r.ok && r.value.adapters).toEqual(['slack', 'discord']);
  });

  it('names the variable and what to set when Slack is half configured', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' })).toEqual([
      expect.objectContaining({
        variable: 'SLACK_SIGNING_SECRET',
        message: expect.stringContaining('SLACK_APP_TOKEN'),
      }),
    ]);
    expect(problemsOf({ MINGYAN_ADAPTERS: 'discord' }).map((p) => p.variable)).toEqual([
      'DISCORD_TOKEN',
      'DISCORD_APPLICATION_ID',
    ]);
  });

  const oauth = {
    SLACK_CLIENT_ID: '1234567890.987654321',
    SLACK_CLIENT_SECRET: 'client-secret-abcdef',
    SLACK_STATE_SECRET: 'state-secret-0123456789abcdef',
    SLACK_SIGNING_SECRET: 'signing-secret-abc',
  };

  it('client credentials with a signing secret and no bot token select Slack distribution mode', () => {
    const r = loadConfig({ ...oauth, SLACK_TOKEN_ROTATION: '1' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.adapters).toEqual(['slack']);
    expect(r.value.slack.botToken).toBeUndefined();
    expect(r.value.slack.distribution).toEqual({
      clientId: oauth.SLACK_CLIENT_ID,
      clientSecret: oauth.SLACK_CLIENT_SECRET,
      stateSecret: oauth.SLACK_STATE_SECRET,
      directInstall: false,
      tokenRotation: true,
    });
    // Single-workspace mode has no distribution block at all.
    const single = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'x' });
    expect(single.ok && single.value.slack.distribution).toBeUndefined();
  });

  it('a bot token together with client credentials is an error naming the variables', () => {
    const problems = problemsOf({ ...oauth, SLACK_BOT_TOKEN: 'xoxb-1-2-abc' });
    expect(problems).toEqual([
      {
        variable: 'SLACK_BOT_TOKEN',
        message: expect.stringContaining(
          'SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET are both set',
        ),
      },
    ]);
  });

  it('half-filled distribution names each missing variable; Socket Mode and a short state secret are refused', () => {
    expect(problemsOf({ SLACK_CLIENT_ID: oauth.SLACK_CLIENT_ID }).map((p) => p.variable)).toEqual([
      'SLACK_CLIENT_SECRET',
      'SLACK_STATE_SECRET',
      'SLACK_SIGNING_SECRET',
    ]);
    expect(problemsOf({ ...oauth, SLACK_APP_TOKEN: 'xapp-1-A1-1-ff' }).map((p) => p.variable)).toEqual([
      'SLACK_APP_TOKEN',
    ]);
    expect(problemsOf({ ...oauth, SLACK_STATE_SECRET: 'short' }).map((p) => p.variable)).toEqual([
      'SLACK_STATE_SECRET',
    ]);
    expect(problemsOf({ ...oauth, SLACK_DIRECT_INSTALL: 'maybe' }).map((p) => p.variable)).toEqual([
      'SLACK_DIRECT_INSTALL',
    ]);
  });

  it('a half-filled platform is reported, never a silent fallback to the shell', () => {
    expect(problemsOf({ SLACK_APP_TOKEN: 'xapp-1-A1-1-ff' }).map((p) => p.variable)).toEqual([
      'SLACK_BOT_TOKEN',
    ]);
    expect(problemsOf({ SLACK_SIGNING_SECRET: 'abc' }).map((p) => p.variable)).toEqual(['SLACK_BOT_TOKEN']);
    expect(problemsOf({ DISCORD_APPLICATION_ID: '123456789012' }).map((p) => p.variable)).toEqual([
      'DISCORD_TOKEN',
    ]);
    // Non-secret overrides alone do not select a platform.
    const r = loadConfig({
      SLACK_API_URL: 'http://127.0.0.1:1/api/',
      DISCORD_API_URL: 'http://127.0.0.1:1/api',
    });
    expect(r.ok && r.value.adapters).toEqual(['shell']);
  });

  it('rejects malformed values, one problem per variable', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      HEALTH_PORT: '70000',
      DEFAULT_TZ: 'Mars/Olympus',
      LOG_LEVEL: 'loud',
      MINGYAN_ADAPTERS: 'shell,irc',
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      MINGYAN_MISSED_WINDOW_HOURS: '-1',
    });
    expect(problems.map((p) => p.variable).sort()).toEqual(
      [
        'DEFAULT_TZ',
        'HEALTH_PORT',
        'LOG_LEVEL',
        'MINGYAN_ADAPTERS',
        'MINGYAN_MISSED_WINDOW_HOURS',
        'PORT',
        'SLACK_BOT_TOKEN',
      ].sort(),
    );
    for (const p of problems) expect(p.message).not.toContain('xoxp-user-token');
  });

  it('takes numbers only in plain decimal, as people write them', () => {
    expect(problemsOf({ HEALTH_PORT: '0x10' }).map((p) => p.variable)).toEqual(['HEALTH_PORT']);
    expect(problemsOf({ MINGYAN_MISSED_WINDOW_HOURS: '1e1' }).map((p) => p.variable)).toEqual([
      'MINGYAN_MISSED_WINDOW_HOURS',
    ]);
    const r = loadConfig({ PORT: '3001', MINGYAN_MISSED_WINDOW_HOURS: '1.5' });
    expect(r.ok && [r.value.slack.port, r.value.missedWindowHours]).toEqual([3001, 1.5]);
  });

  it('DISCORD_SHARDS: 1 by default, a count or auto; anything else names the variable', () => {
    const shards = (value?: string) => {
      const r = loadConfig(value === undefined ? {} : { DISCORD_SHARDS: value });
      return r.ok ? r.value.discord.shards : r.error.map((p) => `${p.variable}: ${p.message}`);
    };
    expect(shards()).toBe(1);
    expect(shards('')).toBe(1);
    expect(shards('4')).toBe(4);
    expect(shards('AUTO')).toBe('auto');
    for (const bad of ['0', '-1', '1.5', 'many'])
      expect(shards(bad)).toEqual([
        expect.stringMatching(/^DISCORD_SHARDS: must be a number of gateway shards/),
      ]);
  });

  it('DISCORD_SHARD_POLL_MS: 5000 by default, whole milliseconds from 100 to 600000; else names the variable', () => {
    const poll = (value?: string) => {
      const r = loadConfig(value === undefined ? {} : { DISCORD_SHARD_POLL_MS: value });
      return r.ok ? r.value.discord.shardPollMs : r.error.map((p) => `${p.variable}: ${p.message}`);
    };
    expect(poll()).toBe(5000);
    expect(poll(' ')).toBe(5000);
    expect(poll('100')).toBe(100);
    expect(poll('600000')).toBe(600_000);
    for (const bad of ['99', '0', '600001', '-5', '1.5', '5s', '1e3'])
      expect(poll(bad)).toEqual([
        'DISCORD_SHARD_POLL_MS: must be a number of milliseconds from 100 to 600000 (default 5000)',
      ]);
  });

  it('treats empty strings as unset (a copied .env.example works as is)', () => {
    const empty = Object.fromEntries(CONFIG_VARIABLES.map((v) => [v, '']));
    const r = loadConfig(empty);
    expect(r.ok && r.value.adapters).toEqual(['shell']);
  });

  it('reads .env from a folder, and a missing .env is no error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mingyan-env-'));
    expect(readDotEnv(dir)).toEqual({});
    writeFileSync(join(dir, '.env'), 'DEFAULT_TZ=Europe/London\n# comment\nLOG_LEVEL="debug"\n');
    expect(readDotEnv(dir)).toEqual({ DEFAULT_TZ: 'Europe/London', LOG_LEVEL: 'debug' });
  });
});

describe('configuration problems, as `mingyan start` prints them (in process)', () => {
  const notCalled = (): never => {
    throw new Error('no adapter may be built from a configuration with problems');
  };
  const factories = { shell: notCalled, slack: notCalled, discord: notCalled };

  async function start(
    env: Record<string, string>,
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    const out = { stdout: '', stderr: '' };
    const sink = (key: 'stdout' | 'stderr') =>
      new Writable({
        write(chunk: Buffer, _enc, done) {
          out[key] += String(chunk);
          done();
        },
      });
    const dir = mkdtempSync(join(tmpdir(), 'mingyan-config-'));
    const code = await createStartCommand(factories).run([], {
      stdout: sink('stdout'),
      stderr: sink('stderr'),
      stdin: Readable.from([]),
      env: { MINGYAN_DB: join(dir, 'bot.db'), ...env },
      cwd: dir,
    });
    return { code, ...out };
  }

  it.each([
    [{ DEFAULT_TZ: 'Mars/Olympus', PORT: '0x10' }, ['DEFAULT_TZ', 'PORT']],
    [{ MINGYAN_ADAPTERS: 'discord' }, ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']],
  ])('each problem line starts with the variable to fix: %j', (env, variables) => {
    const lines = formatConfigProblems(problemsOf(env)).split('\n');
    expect(lines.map((l) => l.split(' ')[0]).sort()).toEqual([...variables].sort());
    for (const line of lines) expect(line.length).toBeGreaterThan(line.split(' ')[0]!.length + 10);
  });

  it('refuses a malformed variable before starting anything, naming it', async () => {
    const run = await start({ DEFAULT_TZ: 'Mars/Olympus' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^\s+DEFAULT_TZ /m);
    expect(run.stdout).toBe('');
  });

  it('refuses an adapter asked for without its token, naming the variable to set', async () => {
    const run = await start({ MINGYAN_ADAPTERS: 'slack' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^\s+SLACK_BOT_TOKEN /m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
