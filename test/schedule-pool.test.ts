import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { err, ok } from '../src/result.js';
import { createPostPool } from '../src/schedule/pool.js';
import { SH, fakeAdapter, request, useSchedulerFixture } from './schedule-helpers.js';

describe('the post pool', () => {
  it('keeps at most `concurrency` posts in flight and one per channel, and runs them all', async () => {
    const pool = createPostPool({ concurrency: 3 });
    let inFlight = 0;
    let most = 0;
    const perChannel = new Map<string, number>();
    const overlapped: string[] = [];
    const jobs = Array.from({ length: 24 }, (_, i) => {
      const channel = `discord:G1:C${i % 6}`;
      return pool.run({ platform: 'discord', channel }, async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        perChannel.set(channel, (perChannel.get(channel) ?? 0) + 1);
        if ((perChannel.get(channel) ?? 0) > 1) overlapped.push(channel);
        await sleep(1);
        perChannel.set(channel, (perChannel.get(channel) ?? 0) - 1);
        inFlight--;
        return i;
      });
    });
    expect(await Promise.all(jobs)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(most).toBe(3);
    expect(overlapped).toEqual([]);
  });

  it('a hold on one platform (a 429) delays its posts, not the other platforms', async () => {
    const pool = createPostPool({ concurrency: 4 });
    const order: string[] = [];
    pool.hold('slack', 30);
    await Promise.all([
      pool.run({ platform: 'slack', channel: 'slack:T1:C1' }, async () => void order.push('slack')),
      pool.run({ platform: 'discord', channel: 'discord:G1:C1' }, async () => void order.push('discord')),
    ]);
    expect(order).toEqual(['discord', 'slack']);
  });
});

describe('scheduled posts through the pool', () => {
  const { clock, boot } = useSchedulerFixture();

  it('forty channels due at once are posted once each, never more than maxConcurrentPosts at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const discord = fakeAdapter('discord', async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await sleep(2);
      inFlight--;
      return ok({ messageId: 'm' });
    });
    const { scheduler } = await boot([discord], { policy: { maxConcurrentPosts: 4 } });
    for (let i = 0; i < 40; i++) await scheduler.subscribe(request({ channel: `discord:G1:C${i}` }));
    clock.set(SH('2025-06-01', '09:00'));
    const report = await scheduler.tick();
    expect(report.posted).toHaveLength(40);
    expect(new Set(discord.posted.map((p) => p.channel)).size).toBe(40);
    expect(most).toBe(4);
  });

  it('a long 429 holds that platform back: the other posts stay unclaimed and due, and go out when it ends', async () => {
    const discord = fakeAdapter('discord', (_channel, _reply, call) =>
      call === 1
        ? err({ kind: 'transient', reason: 'discord 429 rate limited', retryAfterMs: 10 * 60_000 })
        : ok({ messageId: `m${call}` }),
    );
    const { scheduler, store } = await boot([discord], { policy: { maxConcurrentPosts: 1 } });
    for (let i = 0; i < 5; i++) await scheduler.subscribe(request({ channel: `discord:G1:C${i}` }));
    clock.set(SH('2025-06-01', '09:00'));
    const first = await scheduler.tick();
    expect(discord.calls).toHaveLength(1);
    expect(first.failed).toHaveLength(1);
    expect(first.skipped.map((s) => s.reason)).toEqual(
      Array(4).fill(expect.stringMatching(/^rate limited until/)),
    );
    const unclaimed = [];
    for (const sub of await store.listSubscriptions())
      if (!(await store.getPost(sub.id, '2025-06-01'))) unclaimed.push(sub.channel);
    expect(unclaimed).toHaveLength(4);
    clock.set(SH('2025-06-01', '09:05'));
    expect((await scheduler.tick()).posted).toEqual([]);
    clock.set(SH('2025-06-01', '09:10'));
    const after = await scheduler.tick();
    expect(after.posted).toHaveLength(5); // the four held back, and the retry of the first
    expect(discord.posted.map((p) => p.channel).sort()).toEqual(
      Array.from({ length: 5 }, (_, i) => `discord:G1:C${i}`).sort(),
    );
  });
});
