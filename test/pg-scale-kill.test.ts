// Four bot processes sharing one real PostgreSQL, one SIGKILLed mid-post: nothing is posted twice, its claims
// become uncertain (never re-posted), and the others post the rest.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.js';
import { CHANNELS, cleanUp, postedBy, scratchDir, startWorker, subscribed } from './pg-scale-helpers.js';
import { fakeAdapter, instance } from './schedule-helpers.js';

afterEach(cleanUp);

describe('four bot processes on one PostgreSQL', () => {
  it(
    'a process SIGKILLed mid-post: nothing is posted twice, its claims become uncertain, the others post the rest',
    { timeout: 120_000 },
    async () => {
      const url = await subscribed();
      const go = join(scratchDir(), 'go');
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
