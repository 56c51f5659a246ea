// Several bot processes sharing one real PostgreSQL: 200 channels due in the same minute are each posted
// exactly once, the work is spread, and a process killed mid-post leaves its claims uncertain, never re-posted.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.js';
import { createPgDatabase } from './pg.js';
import { fakeAdapter, instance, request } from './schedule-helpers.js';

const WORKER = fileURLToPath(new URL('./pg-worker.ts', import.meta.url));
const AT = '2025-06-01T01:05:00Z'; // 09:05 in Asia/Shanghai
const CHANNELS = 200;

interface Worker {
  child: ChildProcess;
  events: Record<string, unknown>[];
  waitFor(event: string): Promise<void>;
  exited: Promise<number | null>;
}

const workers: Worker[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const w of workers.splice(0)) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function startWorker(url: string, goFile: string, mode: 'post' | 'die', peers: number): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, url, AT, goFile, mode, String(peers)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const events: Record<string, unknown>[] = [];
  const waiters: { event: string; resolve: () => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const e = JSON.parse(line) as Record<string, unknown>;
    events.push(e);
    for (const w of waiters.filter((x) => x.event === e.event)) w.resolve();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const worker: Worker = {
    child,
    events,
    exited,
    waitFor: (event) =>
      new Promise((resolve) => {
        if (events.some((e) => e.event === event)) resolve();
        else waiters.push({ event, resolve });
      }),
  };
  workers.push(worker);
  return worker;
}

/** A fresh database with CHANNELS daily subscriptions at 09:00 Shanghai, subscribed the evening before. */
async function subscribed(): Promise<string> {
  const url = await createPgDatabase('scale');
  const { store, scheduler } = await instance({
    path: url,
    clock: createManualClock('2025-05-31T12:00:00Z'),
  });
  for (let i = 0; i < CHANNELS; i++) {
    expect((await scheduler.subscribe(request({ channel: `discord:G1:C${i}` }))).ok).toBe(true);
  }
  await store.close();
  return url;
}

const postedBy = (w: Worker) => w.events.filter((e) => e.event === 'posted').map((e) => String(e.channel));

describe('four bot processes on one PostgreSQL', () => {
  it(
    'post each of 200 due channels exactly once, spread over the processes',
    { timeout: 120_000 },
    async () => {
      const url = await subscribed();
      const dir = mkdtempSync(join(tmpdir(), 'mingyan-scale-'));
      dirs.push(dir);
      const go = join(dir, 'go');
      const four = [1, 2, 3, 4].map(() => startWorker(url, go, 'post', 4));
      await Promise.all(four.map((w) => w.waitFor('ready')));
      writeFileSync(go, '');
      expect(await Promise.all(four.map((w) => w.exited))).toEqual([0, 0, 0, 0]);

      const all = four.flatMap(postedBy);
      expect(all).toHaveLength(CHANNELS);
      expect(new Set(all).size).toBe(CHANNELS);
      // Spread: every process took part (no post finishes before every process has started posting, so one that
      // gets the CPU late on a loaded machine still finds work). Not an even split: fairness is not the guarantee,
      // exactly-once is.
      for (const w of four) expect(postedBy(w).length).toBeGreaterThanOrEqual(1);

      const { store } = await instance({ path: url, clock: createManualClock(AT) });
      const subs = await store.listSubscriptions();
      for (const sub of subs) {
        expect(await store.getPost(sub.id, '2025-06-01')).toMatchObject({ status: 'posted', attempts: 1 });
      }
      await store.close();
    },
  );

  it(
    'a process SIGKILLed mid-post: nothing is posted twice, its claims become uncertain, the others post the rest',
    { timeout: 120_000 },
    async () => {
      const url = await subscribed();
      const dir = mkdtempSync(join(tmpdir(), 'mingyan-scale-'));
      dirs.push(dir);
      const go = join(dir, 'go');
      const doomed = startWorker(url, go, 'die', 4);
      const three = [1, 2, 3].map(() => startWorker(url, go, 'post', 4));
      await Promise.all([doomed, ...three].map((w) => w.waitFor('ready')));
      writeFileSync(go, '');
      await doomed.waitFor('hanging');
      doomed.child.kill('SIGKILL');
      await doomed.exited;
      expect(await Promise.all(three.map((w) => w.exited))).toEqual([0, 0, 0]);

      const posted = [doomed, ...three].flatMap(postedBy);
      expect(new Set(posted).size).toBe(posted.length); // never twice

      // Ten minutes later another instance sweeps the dead process's claims: uncertain, reported once, not re-sent.
      const shell = fakeAdapter('discord');
      const clock = createManualClock('2025-06-01T01:16:00Z');
      const { store, scheduler } = await instance({ path: url, clock, adapters: [shell] });
      const report = await scheduler.tick();
      expect(shell.calls).toEqual([]);
      const hung = doomed.events.filter((e) => e.event === 'hanging').map((e) => String(e.channel));
      expect(hung.length).toBeGreaterThan(0);
      const uncertain = report.uncertain.map((u) => u.channel);
      expect(uncertain).toEqual(expect.arrayContaining(hung));
      expect((await scheduler.tick()).uncertain).toEqual([]);

      // Every channel has exactly one row: posted by someone, or uncertain (claimed by the dead process). A post
      // the dead process sent but was killed before recording is uncertain too: the process cannot know.
      const postedByDoomed = postedBy(doomed);
      for (const sub of await store.listSubscriptions()) {
        const row = await store.getPost(sub.id, '2025-06-01');
        if (posted.includes(sub.channel) && !postedByDoomed.includes(sub.channel))
          expect(row?.status).toBe('posted');
        else if (posted.includes(sub.channel)) expect(['posted', 'uncertain']).toContain(row?.status);
        else {
          expect(row?.status).toBe('uncertain');
          expect(uncertain).toContain(sub.channel);
        }
      }
      expect(new Set([...posted, ...uncertain]).size).toBe(CHANNELS);
      expect(three.flatMap(postedBy).length).toBeGreaterThan(CHANNELS / 2);
      await store.close();
    },
  );
});
