import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.js';
import type { ManualClock } from '../src/clock.js';
import { createScheduleCommand, scheduleCommand } from '../src/schedule/cli.js';
import { err, ok } from '../src/result.js';
import type { FakeAdapter } from './schedule-helpers.js';
import { fakeAdapter, fixtureCorpus, instance, request, tempDb } from './schedule-helpers.js';
import { captureIO, type CapturedIO } from './cli-io.js';

let db: ReturnType<typeof tempDb>;
let clock: ManualClock;

function io(env: Record<string, string> = {}): CapturedIO {
  return captureIO({ MINGYAN_DB: db.path, LOG_LEVEL: 'silent', ...env }, db.dir);
}

const command = () => createScheduleCommand({ clock, loadCorpus: () => fixtureCorpus() });

async function subscribeBoth(): Promise<void> {
  const { store, scheduler } = await instance({
    path: db.path,
    clock: createManualClock('2025-05-31T12:00:00Z'),
  });
  expect((await scheduler.subscribe(request())).ok).toBe(true);
  expect(
    (
      await scheduler.subscribe(
        request({ channel: 'slack:T1:C1', kind: 'discuss', days: [0], time: '09:00' }),
      )
    ).ok,
  ).toBe(true);
  await store.close();
}

beforeEach(async () => {
  db = tempDb();
  clock = createManualClock('2025-06-01T01:05:00Z'); // Sunday 09:05 in Asia/Shanghai
});
afterEach(() => db.cleanup());

describe('mingyan schedule', () => {
  it('says there is nothing yet, without creating a database', async () => {
    const t = io();
    expect(await command().run(['list'], t)).toBe(0);
    expect(t.out()).toMatch(/no database at .*mingyan\.db yet/);
    expect(existsSync(db.path)).toBe(false);
  });

  it('list shows every subscription with its next post in local time', async () => {
    await subscribeBoth();
    clock.set('2025-05-31T12:00:00Z');
    const t = io();
    expect(await command().run(['list'], t)).toBe(0);
    expect(t.out()).toContain('#1 shell:local daily 09:00 Asia/Shanghai every day lang=both');
    expect(t.out()).toContain('next: 2025-06-01 09:00 Asia/Shanghai (2025-06-01T01:00:00.000Z)');
    expect(t.out()).toContain('#2 slack:T1:C1 discuss 09:00 Asia/Shanghai Sun');
    const j = io();
    expect(await command().run(['list', '--json'], j)).toBe(0);
    expect(JSON.parse(j.out())).toMatchObject([
      { channel: 'shell:local' },
      { channel: 'slack:T1:C1', kind: 'discuss' },
    ]);
  });

  it('run-due --dry-run lists what would post now and claims nothing', async () => {
    await subscribeBoth();
    const t = io();
    expect(await command().run(['run-due', '--dry-run'], t)).toBe(0);
    expect(t.out()).toMatch(/would post: #1 shell:local daily 2025-06-01 .*quote q\d/);
    expect(t.out()).toMatch(/would post: #2 slack:T1:C1 discuss 2025-06-01 .*\[no adapter here\]/);
    expect(t.out()).toContain('only shell:local can post');
    const again = io();
    await command().run(['run-due', '--dry-run', '--json'], again);
    expect(JSON.parse(again.out())).toHaveLength(2);
  });

  it('run-due --dry-run --at shows another moment', async () => {
    await subscribeBoth();
    const t = io();
    expect(await command().run(['run-due', '--dry-run', '--at', '2025-05-31T23:00:00Z'], t)).toBe(0);
    expect(t.out()).toContain('nothing is due at 2025-05-31T23:00:00.000Z');
  });

  it('run-due posts shell:local on stdout once; Slack waits for `mingyan start`', async () => {
    await subscribeBoth();
    const t = io();
    expect(await command().run(['run-due'], t)).toBe(0);
    expect(t.out()).toMatch(/今日名言 · Daily insight\n引文 q\d/);
    expect(t.out()).toMatch(/posted: #1 shell:local daily 2025-06-01/);
    expect(t.out()).toMatch(/not posted: #2 slack:T1:C1 discuss 2025-06-01: no adapter/);
    expect(t.out()).toContain(
      '(only shell:local can post from the command line; `npm start` posts the others)',
    );
    const again = io();
    expect(await command().run(['run-due'], again)).toBe(0);
    expect(again.out()).not.toContain('posted: #1');
    const list = io();
    await command().run(['list'], list);
    expect(list.out()).toMatch(/last: 2025-06-01 posted \(quote q\d; message cli-/);
  });

  it('answers misuse with the usage and exit code 2', async () => {
    for (const args of [
      [],
      ['nope'],
      ['list', '--bogus'],
      ['run-due', '--at', '2025-01-01T00:00:00Z'],
      ['run-due', '--dry-run', '--at', 'soon'],
    ]) {
      const t = io();
      expect(await command().run(args, t)).toBe(2);
      expect(t.err()).toMatch(/mingyan schedule: /);
    }
    const bad = io({ DEFAULT_TZ: 'Mars/Base' });
    expect(await command().run(['list'], bad)).toBe(2);
    expect(bad.err()).toContain('DEFAULT_TZ');
  });

  it('the shipped command reads the real quotes', async () => {
    await subscribeBoth();
    const t = io();
    expect(await scheduleCommand.run(['run-due', '--dry-run', '--at', '2025-06-01T01:05:00Z'], t)).toBe(0);
    expect(t.out()).toMatch(/would post: #1 shell:local daily 2025-06-01 .*quote [a-z0-9-]+/);
  });
});

describe('mingyan schedule tells the operator what went wrong', () => {
  const withShell = (shell: FakeAdapter) =>
    createScheduleCommand({ clock, loadCorpus: () => fixtureCorpus(), adapters: () => [shell] });

  it('list on a database without subscriptions says so', async () => {
    await (await instance({ path: db.path, clock })).store.close();
    const t = io();
    expect(await command().run(['list'], t)).toBe(0);
    expect(t.out()).toBe('no subscriptions\n');
  });

  it('a file that is not a database is refused with exit code 1, naming it', async () => {
    mkdirSync(dirname(db.path), { recursive: true });
    writeFileSync(db.path, 'not a database, just text'.repeat(100));
    const t = io();
    expect(await command().run(['list'], t)).toBe(1);
    expect(t.err()).toMatch(/^mingyan schedule: cannot open .*mingyan\.db: /);
  });

  it('run-due reports a failure with its attempt, reason and retry time, and exits 1', async () => {
    await subscribeBoth();
    const shell = fakeAdapter('shell', () => err({ kind: 'transient', reason: 'shell 503' }));
    const t = io();
    expect(await withShell(shell).run(['run-due'], t)).toBe(1);
    expect(t.out()).toContain(
      'failed: #1 shell:local daily 2025-06-01 attempt 1: shell 503 (retry at 2025-06-01T01:06:00.000Z)',
    );
    // The dry run a minute later shows the retry and the quote it will show again.
    clock.set('2025-06-01T01:06:00Z');
    const dry = io();
    expect(await withShell(shell).run(['run-due', '--dry-run'], dry)).toBe(0);
    expect(dry.out()).toMatch(
      /^would retry: #1 shell:local daily 2025-06-01 \(due 2025-06-01T01:00:00.000Z\) quote q\d$/m,
    );
  });

  it('run-due reports a pause with its reason, and list shows it with how to resume', async () => {
    await subscribeBoth();
    const shell = fakeAdapter('shell', () => err({ kind: 'permanent', reason: 'shell channel gone' }));
    const t = io();
    expect(await withShell(shell).run(['run-due'], t)).toBe(1);
    expect(t.out()).toContain('paused: #1 shell:local daily 2025-06-01: shell channel gone');
    const list = io();
    await command().run(['list'], list);
    expect(list.out()).toContain('    PAUSED: shell channel gone (subscribe again to resume)');
    expect(list.out()).toMatch(/last: 2025-06-01 failed \(quote q\d; shell channel gone\)/);
  });

  it('run-due reports an uncertain post, never re-sent, and a stale claim found later', async () => {
    await subscribeBoth();
    const shell = fakeAdapter('shell', () => err({ kind: 'uncertain', reason: 'shell timeout' }));
    const t = io();
    expect(await withShell(shell).run(['run-due'], t)).toBe(0);
    expect(t.out()).toContain(
      'uncertain: #1 shell:local daily 2025-06-01 attempt 1: shell timeout: it may or may not have gone out; not re-posted',
    );
    // A claim left by a killed process: found stale by a later run.
    const { store } = await instance({ path: db.path, clock });
    const sub = (await store.listSubscriptions()).find((s) => s.channel === 'slack:T1:C1')!;
    await store.insertClaim(
      {
        subscriptionId: sub.id,
        localDate: '2025-06-01',
        scheduledAt: new Date('2025-06-01T01:00:00Z'),
        quoteId: 'p1',
      },
      new Date('2025-06-01T01:05:00Z'),
    );
    await store.close();
    clock.set('2025-06-01T01:30:00Z');
    const later = io();
    await withShell(shell).run(['run-due'], later);
    expect(later.out()).toContain(
      'uncertain: #2 slack:T1:C1 discuss 2025-06-01 claimed 2025-06-01T01:05:00.000Z, never confirmed; not re-posted',
    );
  });

  it('run-due records a day missed past the window, and the dry run says it would', async () => {
    await subscribeBoth();
    clock.set('2025-06-01T12:00:00Z'); // 20:00 in Shanghai, 11 hours after 09:00
    const dry = io();
    await command().run(['run-due', '--dry-run'], dry);
    expect(dry.out()).toMatch(
      /^would record missed: #1 shell:local daily 2025-06-01 \(due 2025-06-01T01:00:00.000Z\)$/m,
    );
    // Recording a miss needs no adapter: no "[no adapter here]" on Slack's line, and no note about it.
    expect(dry.out()).not.toContain('from the command line only shell:local can post');
    expect(dry.out()).toMatch(/^would record missed: #2 slack:T1:C1 discuss 2025-06-01 \(due [^)]+\)$/m);
    const t = io();
    expect(await command().run(['run-due'], t)).toBe(0);
    expect(t.out()).toContain(
      'missed: #1 shell:local daily 2025-06-01 (due 2025-06-01T01:00:00.000Z, past the missed window)',
    );
  });

  it('the dry run names an adapter that is there but not ready', async () => {
    await subscribeBoth();
    const shell = fakeAdapter('shell');
    shell.ready = false;
    const t = io();
    await withShell(shell).run(['run-due', '--dry-run'], t);
    expect(t.out()).toMatch(/^would post: #1 shell:local daily .* \[no ready adapter here\]$/m);
  });

  it('run-due prints a discussion post in the subscribed language, with its prompt', async () => {
    const { store, scheduler } = await instance({
      path: db.path,
      clock: createManualClock('2025-05-31T12:00:00Z'),
    });
    expect((await scheduler.subscribe(request({ kind: 'discuss', lang: 'zh' }))).ok).toBe(true);
    await store.close();
    const t = io();
    expect(await command().run(['run-due'], t)).toBe(0);
    const post = t.out().split('\n\n')[0]!;
    expect(post).toMatch(
      /^引文 (q[456]|p1)\n— 周明 Zhou Ming, 晚点 LatePost, 2023-04 \S+\n\? 讨论 \1？\nid: \1$/,
    );
  });
});

describe('mingyan schedule arguments and output', () => {
  it('says what was wrong with the arguments', async () => {
    const cases: [string[], string][] = [
      [[], 'say what to do'],
      [['nope'], 'unknown subcommand nope'],
      [['list', '--bogus'], 'unknown argument --bogus'],
      [['list', '--dry-run'], 'unknown argument --dry-run'],
      [['run-due', 'now'], 'unknown argument now'],
    ];
    for (const [args, what] of cases) {
      const t = io();
      expect(await command().run(args, t)).toBe(2);
      expect(t.err().split('\n')[0]).toBe(`mingyan schedule: ${what}`);
    }
  });

  it('takes --at=TIME as well as --at TIME, and an --at without a time is refused', async () => {
    await subscribeBoth();
    const t = io();
    expect(await command().run(['run-due', '--dry-run', '--at=2025-05-31T23:00:00Z'], t)).toBe(0);
    expect(t.out()).toBe('nothing is due at 2025-05-31T23:00:00.000Z\n');
    const first = io();
    expect(await command().run(['run-due', '--at', '2025-05-31T23:00:00Z', '--dry-run'], first)).toBe(0);
    expect(first.out()).toBe('nothing is due at 2025-05-31T23:00:00.000Z\n');
    const bare = io();
    expect(await command().run(['run-due', '--dry-run', '--at'], bare)).toBe(2);
    expect(bare.err()).toContain('--at takes an ISO time');
  });

  it('run-due with nothing due says so, without the note about other platforms', async () => {
    await subscribeBoth();
    clock.set('2025-05-31T23:00:00Z');
    const t = io();
    expect(await command().run(['run-due'], t)).toBe(0);
    expect(t.out()).toBe('nothing was due at 2025-05-31T23:00:00.000Z\n');
  });

  it('adds the note about other platforms only when one of them was due', async () => {
    const { store, scheduler } = await instance({
      path: db.path,
      clock: createManualClock('2025-05-31T12:00:00Z'),
    });
    expect((await scheduler.subscribe(request({ lang: 'en' }))).ok).toBe(true);
    await store.close();
    const dry = io();
    await command().run(['run-due', '--dry-run'], dry);
    expect(dry.out()).not.toContain('dry run; from the command line');
    const t = io();
    expect(await command().run(['run-due'], t)).toBe(0);
    expect(t.out()).not.toContain('only shell:local can post');
    // An English-only subscription prints the English text only.
    expect(t.out().split('\n\n')[0]).toMatch(/^今日名言 · Daily insight\nQuote (q\d)\n— [^\n]+\nid: \1$/);
  });

  it('an in-memory database (MINGYAN_DB=:memory:) is opened, not reported missing', async () => {
    const t = io({ MINGYAN_DB: ':memory:' });
    expect(await command().run(['list'], t)).toBe(0);
    expect(t.out()).toBe('no subscriptions\n');
  });

  it('logs only errors by default, debug lines with LOG_LEVEL=debug, and nothing when silent', async () => {
    await subscribeBoth();
    const rejected = () =>
      fakeAdapter('shell', () => err({ kind: 'rejected', reason: 'shell message too long' }));
    let out = '';
    const run = async (env: Record<string, string>) => {
      const t = io(env);
      await createScheduleCommand({
        clock,
        loadCorpus: () => fixtureCorpus(),
        adapters: () => [rejected()],
      }).run(['run-due'], t);
      out = t.out();
      return t.err();
    };
    const byDefault = await run({ LOG_LEVEL: 'info' });
    // Not a terminal: one JSON object a line, for a log collector.
    expect(JSON.parse(byDefault.trim().split('\n')[0]!)).toMatchObject({
      msg: 'the platform rejected a scheduled post; not retried today',
    });
    // The command prints its own report: the warning about Slack having no adapter here would only repeat it.
    expect(byDefault).not.toContain('no adapter running');
    // Rejected: no retry time on the report line.
    expect(out).toMatch(/^failed: #1 shell:local daily 2025-06-01 attempt 1: shell message too long$/m);
    clock.set('2025-06-02T01:05:00Z');
    const debug = await run({ LOG_LEVEL: 'debug' });
    expect(debug).toContain('scheduler tick planned');
    clock.set('2025-06-03T01:05:00Z');
    expect(await run({ LOG_LEVEL: 'trace' })).toContain('scheduler tick planned');
    clock.set('2025-06-04T01:05:00Z');
    expect(await run({ LOG_LEVEL: 'silent' })).toBe('');
  });

  it('list shows how many attempts a post took', async () => {
    await subscribeBoth();
    const shell = fakeAdapter('shell', (_c, _r, call) =>
      call === 1 ? err({ kind: 'transient', reason: 'shell 503' }) : ok({ messageId: 'm2' }),
    );
    const runDue = createScheduleCommand({
      clock,
      loadCorpus: () => fixtureCorpus(),
      adapters: () => [shell],
    });
    await runDue.run(['run-due'], io());
    clock.set('2025-06-01T01:06:00Z');
    await runDue.run(['run-due'], io());
    const list = io();
    await command().run(['list'], list);
    // Posted in the end: the earlier error is not shown as the outcome.
    expect(list.out()).toMatch(/^ {4}last: 2025-06-01 posted \(quote q\d; message m2; 2 attempts\)$/m);
  });
});
