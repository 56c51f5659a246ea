// What an operator relies on from `mingyan schedule` beyond the basics of schedule-cli.test.ts: arguments that are
// refused instead of silently ignored, the message ids and notes it prints, QUOTES_DIR, its logs on a terminal.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../src/clock.js';
import { createManualClock } from '../src/clock.js';
import { err } from '../src/result.js';
import { createScheduleCommand } from '../src/schedule/cli.js';
import { captureIO, type CapturedIO } from './cli-io.js';
import type { FakeAdapter } from './schedule-helpers.js';
import { fakeAdapter, fixtureCorpus, instance, request, tempDb } from './schedule-helpers.js';

const VALID_QUOTES = join(import.meta.dirname, 'fixtures', 'quotes', 'valid');

let db: ReturnType<typeof tempDb>;
let clock: ManualClock;

beforeEach(() => {
  db = tempDb();
  clock = createManualClock('2025-06-01T01:05:00Z'); // Sunday 09:05 in Asia/Shanghai
});
afterEach(() => db.cleanup());

function io(env: Record<string, string> = {}): CapturedIO {
  return captureIO({ MINGYAN_DB: db.path, LOG_LEVEL: 'silent', ...env }, db.dir);
}

const command = (adapters?: () => FakeAdapter[]) =>
  createScheduleCommand({ clock, loadCorpus: () => fixtureCorpus(), ...(adapters ? { adapters } : {}) });

/** Subscribes each request (defaults: shell:local daily 09:00 Shanghai) from a short-lived process. */
async function subscribe(...over: Parameters<typeof request>[0][]): Promise<void> {
  const { store, scheduler } = await instance({
    path: db.path,
    clock: createManualClock('2025-05-31T12:00:00Z'),
  });
  for (const o of over) expect((await scheduler.subscribe(request(o))).ok).toBe(true);
  await store.close();
}

describe('mingyan schedule refuses what it would otherwise ignore', () => {
  it('a stray word after --at=TIME or after another flag is refused, and nothing is posted', async () => {
    await subscribe({});
    const cases: [string[], string][] = [
      [['run-due', '--dry-run', '--at=2025-06-01T01:05:00Z', 'now'], 'now'],
      [['run-due', '--json', 'now'], 'now'],
      [['run-due', '--dry-run', 'now'], 'now'],
    ];
    for (const [args, word] of cases) {
      const t = io();
      expect(await command().run(args, t)).toBe(2);
      expect(t.err().split('\n')[0]).toBe(`mingyan schedule: unknown argument ${word}`);
      expect(t.out()).toBe('');
    }
    // Still due: the refused commands posted nothing.
    const dry = io();
    await command().run(['run-due', '--dry-run'], dry);
    expect(dry.out()).toMatch(/^would post: #1 shell:local daily 2025-06-01 /);
  });

  it('a flag that only starts like --at (--atomic, --attempt) is an unknown argument, not a real run', async () => {
    // Before the fix, any word starting with --at was dropped from the flags and `run-due --atomic` posted.
    await subscribe({});
    for (const flag of ['--atomic', '--attempt=2', '--at-once']) {
      const t = io();
      expect(await command().run(['run-due', flag], t)).toBe(2);
      expect(t.err().split('\n')[0]).toBe(`mingyan schedule: unknown argument ${flag}`);
      expect(t.out()).toBe('');
    }
    const dry = io();
    await command().run(['run-due', '--dry-run'], dry);
    expect(dry.out()).toMatch(/^would post: #1 shell:local daily 2025-06-01 /);
  });
});

describe('mingyan schedule output an operator reads', () => {
  it('each post printed by run-due gets its own message id, cli-<pid>-1, -2, ...', async () => {
    await subscribe({}, { kind: 'discuss' });
    const t = io();
    expect(await command().run(['run-due'], t)).toBe(0);
    const ids = [
      ...t.out().matchAll(/^posted: #\d shell:local \w+ 2025-06-01 quote \S+ message (\S+)$/gm),
    ].map((m) => m[1]);
    expect(ids.sort()).toEqual([`cli-${process.pid}-1`, `cli-${process.pid}-2`]);
  });

  it('the note about other platforms is not added when the only skip was a shell adapter not ready', async () => {
    await subscribe({});
    const shell = fakeAdapter('shell');
    shell.ready = false;
    const t = io();
    expect(await command(() => [shell]).run(['run-due'], t)).toBe(0);
    expect(t.out()).toBe('not posted: #1 shell:local daily 2025-06-01: adapter not ready\n');
    expect(shell.calls).toHaveLength(0);
  });

  it('an uncertain outcome on a retry names that attempt', async () => {
    await subscribe({});
    const shell = fakeAdapter('shell', (_c, _r, call) =>
      call === 1
        ? err({ kind: 'transient', reason: 'shell 503' })
        : err({ kind: 'uncertain', reason: 'shell timeout' }),
    );
    await command(() => [shell]).run(['run-due'], io());
    clock.set('2025-06-01T01:06:00Z');
    const t = io();
    expect(await command(() => [shell]).run(['run-due'], t)).toBe(0);
    expect(t.out()).toBe(
      'uncertain: #1 shell:local daily 2025-06-01 attempt 2: shell timeout: it may or may not have gone out; not re-posted\n',
    );
  });

  it('the dry run in JSON says which adapter state held a post back', async () => {
    await subscribe({}, { channel: 'slack:T1:C1' });
    const shell = fakeAdapter('shell');
    shell.ready = false;
    const t = io();
    expect(await command(() => [shell]).run(['run-due', '--dry-run', '--json'], t)).toBe(0);
    expect(
      (JSON.parse(t.out()) as { channel: string; adapter: string }[]).map((d) => [d.channel, d.adapter]),
    ).toEqual([
      ['shell:local', 'not-ready'],
      ['slack:T1:C1', 'missing'],
    ]);
  });

  it('a Slack or Discord channel is never handed to the shell adapter', async () => {
    await subscribe({ channel: 'slack:T1:C1' }, { channel: 'discord:G1:C2' });
    const shell = fakeAdapter('shell');
    const t = io();
    expect(await command(() => [shell]).run(['run-due'], t)).toBe(0);
    expect(shell.calls).toHaveLength(0);
    expect(t.out()).toContain('not posted: #1 slack:T1:C1 daily 2025-06-01: no adapter');
    expect(t.out()).toContain('not posted: #2 discord:G1:C2 daily 2025-06-01: no adapter');
  });

  it('closes the database when done: no -wal file is left beside it, so copying the .db file is a full copy', async () => {
    await subscribe({});
    expect(existsSync(`${db.path}-wal`)).toBe(false);
    const t = io();
    expect(await command().run(['run-due'], t)).toBe(0);
    expect(t.out()).toMatch(/^posted: #1 /m);
    expect(existsSync(`${db.path}-wal`)).toBe(false);
  });

  it('list works without loading the quotes (a broken quotes folder does not stop it)', async () => {
    await subscribe({});
    const t = io();
    const cmd = createScheduleCommand({
      clock,
      loadCorpus: () => {
        throw new Error('quotes folder unreadable');
      },
    });
    expect(await cmd.run(['list'], t)).toBe(0);
    expect(t.out()).toContain('#1 shell:local daily 09:00 Asia/Shanghai every day lang=both');
  });

  it('on a terminal the log lines are for people (pino-pretty), not JSON', async () => {
    await subscribe({});
    const rejecting = fakeAdapter('shell', () => err({ kind: 'rejected', reason: 'shell message too long' }));
    const t = io({ LOG_LEVEL: 'info' });
    Object.assign(t.stderr, { isTTY: true });
    await command(() => [rejecting]).run(['run-due'], t);
    const first = t.err().trim().split('\n')[0]!;
    expect(first).toMatch(/ERROR.*the platform rejected a scheduled post; not retried today/);
    expect(first.startsWith('{')).toBe(false);
  });
});

describe('the shipped command loads QUOTES_DIR', () => {
  // The command as shipped (its own corpus loader and stdout printer), on the test's clock.
  const shipped = () => createScheduleCommand({ clock });
  /** A failed first attempt of a quote that only QUOTES_DIR has, due for its retry now. */
  async function pendingRetryOf(quoteId: string): Promise<void> {
    await subscribe({});
    const { store } = await instance({ path: db.path, clock });
    const [sub] = await store.listSubscriptions();
    const row = await store.insertClaim(
      {
        subscriptionId: sub!.id,
        localDate: '2025-06-01',
        scheduledAt: new Date('2025-06-01T01:00:00Z'),
        quoteId,
      },
      new Date('2025-06-01T01:00:00Z'),
    );
    await store.markFailed(row!.id, 'shell 503', new Date('2025-06-01T01:01:00Z'));
    await store.close();
  }

  it('a retry of a QUOTES_DIR quote posts it from the command line', async () => {
    await pendingRetryOf('simple-is-power');
    const t = io({ QUOTES_DIR: VALID_QUOTES });
    expect(await shipped().run(['run-due'], t)).toBe(0);
    expect(t.out()).toMatch(/^posted: #1 shell:local daily 2025-06-01 quote simple-is-power message cli-/m);
  });

  it('without QUOTES_DIR the same retry fails, naming the missing quote', async () => {
    await pendingRetryOf('simple-is-power');
    const t = io();
    expect(await shipped().run(['run-due'], t)).toBe(1);
    expect(t.out()).toContain('quote simple-is-power is no longer in the corpus');
  });
});
