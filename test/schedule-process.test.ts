import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.js';
import { fakeAdapter, instance, request, tempDb } from './schedule-helpers.js';

const WORKER = fileURLToPath(new URL('./schedule-worker.ts', import.meta.url));
const AT = '2025-06-01T01:05:00Z'; // 09:05 in Asia/Shanghai

interface Worker {
  child: ChildProcess;
  events: Record<string, unknown>[];
  /** Resolves when the worker has printed an event of this name. */
  waitFor(event: string): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

function startWorker(dbPath: string, mode: 'post' | 'hang', goFile = ''): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dbPath, mode, AT, goFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const events: Record<string, unknown>[] = [];
  const waiters: { event: string; resolve: (e: Record<string, unknown>) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const e = JSON.parse(line) as Record<string, unknown>;
    events.push(e);
    for (const w of waiters.filter((w) => w.event === e.event)) w.resolve(e);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    events,
    exited,
    waitFor: (event) =>
      new Promise((resolve) => {
        const seen = events.find((e) => e.event === event);
        if (seen) resolve(seen);
        else waiters.push({ event, resolve });
      }),
  };
}

let db: ReturnType<typeof tempDb>;
const workers: Worker[] = [];
beforeEach(async () => {
  db = tempDb();
  const { store, scheduler } = await instance({
    path: db.path,
    clock: createManualClock('2025-05-31T12:00:00Z'),
  });
  expect((await scheduler.subscribe(request())).ok).toBe(true);
  await store.close();
});
afterEach(async () => {
  for (const w of workers.splice(0)) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  db.cleanup();
});

describe('separate processes on one database file', () => {
  it('two processes ticking at the same moment post once', async () => {
    const go = join(db.dir, 'go');
    const a = startWorker(db.path, 'post', go);
    const b = startWorker(db.path, 'post', go);
    workers.push(a, b);
    await Promise.all([a.waitFor('ready'), b.waitFor('ready')]);
    writeFileSync(go, '');
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
    const posted = [...a.events, ...b.events].filter((e) => e.event === 'report').map((e) => e.posted);
    expect(posted.sort()).toEqual([0, 1]);
    expect([...a.events, ...b.events].filter((e) => e.event === 'posting')).toHaveLength(1);
  }, 60_000); // two Node processes starting on a busy machine

  it('a process SIGKILLed between claim and post: the restart does not post again', async () => {
    const dying = startWorker(db.path, 'hang');
    workers.push(dying);
    await dying.waitFor('posting');
    dying.child.kill('SIGKILL');
    await dying.exited;

    const clock = createManualClock('2025-06-01T01:06:00Z');
    const shell = fakeAdapter('shell');
    const { store, scheduler } = await instance({ path: db.path, clock, adapters: [shell] });
    try {
      expect((await scheduler.tick()).posted).toEqual([]);
      clock.set('2025-06-01T01:20:00Z');
      expect((await scheduler.tick()).uncertain).toHaveLength(1);
      expect(shell.calls).toEqual([]);
      expect((await scheduler.listAll())[0]?.lastPost?.status).toBe('uncertain');
    } finally {
      await store.close();
    }
  }, 60_000);
});
