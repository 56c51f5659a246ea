import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../src/cli/types.js';
import { createManualClock } from '../src/clock.js';
import type { ManualClock } from '../src/clock.js';
import { createScheduleCommand, scheduleCommand } from '../src/schedule/cli.js';
import { fixtureCorpus, instance, request, tempDb } from './schedule-helpers.js';

let db: ReturnType<typeof tempDb>;
let clock: ManualClock;

function io(env: Record<string, string> = {}): CliIO & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let errText = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (errText += d.toString()));
  return {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: { MINGYAN_DB: db.path, LOG_LEVEL: 'silent', ...env },
    cwd: db.dir,
    out: () => out,
    err: () => errText,
  };
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
