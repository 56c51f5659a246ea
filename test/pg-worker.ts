// A bot "process" for test/pg-scale.test.ts: node --import tsx test/pg-worker.ts URL AT GOFILE MODE PEERS
// It ticks once at AT against the shared PostgreSQL and posts through a fake Discord adapter that takes a moment.
// MODE post: every post succeeds. MODE die: from its third post on, posts never answer (the test SIGKILLs it).
// No post finishes before all PEERS processes have started posting (files beside GOFILE): each process holds at
// most its pool's few claims until then, so every one takes part however the machine shares its CPU among them
// (a process that gets the CPU late still finds work).
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createManualClock } from '../src/clock.js';
import { ok } from '../src/result.js';
import { fakeAdapter, instance } from './schedule-helpers.js';

const [url = '', at = '', goFile = '', mode = 'post', peers = '1'] = process.argv.slice(2);
const say = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

/** Waits (up to 30 s) until every peer has started posting. */
async function firstPostBarrier(): Promise<void> {
  const dir = dirname(goFile);
  writeFileSync(join(dir, `first-post-${process.pid}`), '');
  const end = Date.now() + 30_000;
  while (
    readdirSync(dir).filter((f) => f.startsWith('first-post-')).length < Number(peers) &&
    Date.now() < end
  )
    await sleep(5);
}

let started = 0;
let everyonePosting: Promise<void> | undefined;
const discord = fakeAdapter('discord', async (channel) => {
  started++;
  const n = started;
  await (everyonePosting ??= firstPostBarrier());
  if (mode === 'die' && n >= 3) {
    say({ event: 'hanging', channel });
    setInterval(() => undefined, 1000); // stay alive until killed
    return new Promise(() => undefined);
  }
  await sleep(5);
  say({ event: 'posted', channel });
  return ok({ messageId: `pid-${process.pid}-${n}` });
});
const { scheduler, store } = await instance({ path: url, clock: createManualClock(at), adapters: [discord] });
say({ event: 'ready' });
while (goFile && !existsSync(goFile)) await sleep(5);
const report = await scheduler.tick();
say({ event: 'report', posted: report.posted.length });
await store.close();
