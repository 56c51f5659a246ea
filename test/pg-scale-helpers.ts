// Shared by pg-scale*.test.ts (one test per file, so the two sets of bot processes can run side by side): bot
// processes (test/pg-worker.ts) sharing one real PostgreSQL, with 200 channels due in the same minute.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { createManualClock } from '../src/clock.js';
import { createPgDatabase } from './pg.js';
import { instance, request } from './schedule-helpers.js';

const WORKER = fileURLToPath(new URL('./pg-worker.ts', import.meta.url));
export const AT = '2025-06-01T01:05:00Z'; // 09:05 in Asia/Shanghai
export const CHANNELS = 200;

/** One bot process and the events it printed. */
export interface Worker {
  child: ChildProcess;
  events: Record<string, unknown>[];
  waitFor(event: string): Promise<void>;
  exited: Promise<number | null>;
}

const workers: Worker[] = [];
const dirs: string[] = [];
/** A fresh folder for the go file and the workers' markers, removed after the test. */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mingyan-scale-'));
  dirs.push(dir);
  return dir;
}
/**
 * Kills what a test left running and removes its folders: each test file calls it from its own afterEach (a hook
 * registered here would belong to the first file that imported this module, as files share a worker's modules).
 */
export function cleanUp(): void {
  for (const w of workers.splice(0)) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Starts a bot process that ticks once AT when `goFile` appears; see test/pg-worker.ts for `mode` and `peers`. */
export function startWorker(url: string, goFile: string, mode: 'post' | 'die', peers: number): Worker {
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
export async function subscribed(): Promise<string> {
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

/** The channels a process posted to. */
export const postedBy = (w: Worker) =>
  w.events.filter((e) => e.event === 'posted').map((e) => String(e.channel));
