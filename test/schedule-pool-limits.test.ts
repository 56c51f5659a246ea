// The post pool's limits at their edges: how long a scope stays narrowed to one post at a time after a 429, a later
// hold outlasting an earlier one, and one post at a time per channel while a third post arrives.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PostPool } from '../src/schedule/pool.js';
import { createPostPool } from '../src/schedule/pool.js';

afterEach(() => vi.useRealTimers());

/** Runs `n` posts of `scope` at once; resolves with the most that were in flight together. */
async function mostInFlight(pool: PostPool, scope: string, n: number): Promise<number> {
  let inFlight = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      pool.run({ platform: 'slack', scope, channel: `${scope}:C${i}` }, async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await sleep(2);
        inFlight--;
      }),
    ),
  );
  return most;
}

describe('after a 429, a scope sends one post at a time for the wait plus a minute (by default)', () => {
  // Only Date is faked: the pool's waits are real (and short), its notion of "now" is the test's.
  const T = new Date('2025-06-01T01:00:00.000Z').getTime();

  it.each([
    ['just before the wait plus a minute is over', 20 + 60_000 - 1, 1],
    ['once the wait plus a minute is over, to the millisecond', 20 + 60_000, 4],
  ])('%s', async (_when, after, expected) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T);
    const pool = createPostPool({ concurrency: 4 });
    pool.hold('slack:T1', 20);
    await sleep(25); // the hold itself (real time) is over
    vi.setSystemTime(T + after);
    expect(await mostInFlight(pool, 'slack:T1', 4)).toBe(expected);
  });

  it('a second, later hold extends the narrowing from its own end', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T);
    const pool = createPostPool({ concurrency: 4 });
    pool.hold('slack:T1', 1);
    vi.setSystemTime(T + 30_000);
    pool.hold('slack:T1', 1);
    await sleep(5);
    vi.setSystemTime(T + 1 + 60_000 + 10); // past the first narrowing, inside the second
    expect(await mostInFlight(pool, 'slack:T1', 4)).toBe(1);
  });
});

describe('holds and channels', () => {
  it('a longer hold that began later is not cut short when an earlier, shorter one ends', async () => {
    const pool = createPostPool({ concurrency: 4 });
    const order: string[] = [];
    pool.hold('discord', 10);
    await sleep(3);
    pool.hold('discord', 60); // ends about 63 ms from the start
    const marker = sleep(35).then(() => void order.push('35 ms'));
    await sleep(17); // the first hold is over, the second is not: a post arriving now waits for the second
    const post = pool.run(
      { platform: 'discord', channel: 'discord:G1:C1' },
      async () => void order.push('post'),
    );
    await Promise.all([marker, post]);
    expect(order).toEqual(['35 ms', 'post']);
  });

  it('a third post to a channel waits for the second, even when the first has settled meanwhile', async () => {
    const pool = createPostPool({ concurrency: 4, channelGapMs: { slack: 5 } });
    let inFlight = 0;
    let most = 0;
    const post = (ms: number) =>
      pool.run({ platform: 'slack', channel: 'slack:T1:C1' }, async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await sleep(ms);
        inFlight--;
      });
    const first = post(1);
    const second = post(40);
    await sleep(20); // the first and its gap are over; the second is posting
    await Promise.all([first, second, post(1)]);
    expect(most).toBe(1);
  });
});
