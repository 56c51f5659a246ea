// Four bot processes sharing one real PostgreSQL: 200 channels due in the same minute are each posted exactly once,
// and the work is spread. The SIGKILL case is in pg-scale-kill.test.ts (a file each, so they run side by side).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.js';
import { AT, CHANNELS, cleanUp, postedBy, scratchDir, startWorker, subscribed } from './pg-scale-helpers.js';
import { instance } from './schedule-helpers.js';

afterEach(cleanUp);

describe('four bot processes on one PostgreSQL', () => {
  it(
    'post each of 200 due channels exactly once, spread over the processes',
    { timeout: 120_000 },
    async () => {
      const url = await subscribed();
      const go = join(scratchDir(), 'go');
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
});
