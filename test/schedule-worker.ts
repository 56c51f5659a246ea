// A scheduler "process" for test/schedule-process.test.ts: node --import tsx test/schedule-worker.ts DB MODE AT GOFILE
// MODE post: posts through a fake adapter that holds the post open a moment, so two workers overlap.
// MODE hang: the post never answers (the test then SIGKILLs this process between claim and post).
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createManualClock } from '../src/clock.js';
import { ok } from '../src/result.js';
import { fakeAdapter, instance } from './schedule-helpers.js';

const [dbPath = '', mode = 'post', at = '', goFile = ''] = process.argv.slice(2);
const say = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

const shell = fakeAdapter('shell', async () => {
  say({ event: 'posting' });
  if (mode === 'hang') {
    setInterval(() => undefined, 1000); // stay alive until killed
    return new Promise(() => undefined);
  }
  await sleep(300);
  return ok({ messageId: `pid-${process.pid}` });
});
const { scheduler, store } = await instance({
  path: dbPath,
  clock: createManualClock(at),
  adapters: [shell],
});
say({ event: 'ready' });
while (goFile && !existsSync(goFile)) await sleep(5);
const report = await scheduler.tick();
say({ event: 'report', posted: report.posted.length });
await store.close();
